/**
 * `sts plugins list`: the instances of plugins.json, loaded as the STS would load them.
 */
import type { CliCommand } from './cli-command.js';
import { configFiles, FILE_OPTIONS, parseOptions } from './common-options.js';

export const pluginsListCommand: CliCommand = {
  usage: 'plugins list [--config FILE] [--plugins FILE]',
  summary: 'List the plug-in instances: id, state, kind, package and token types',
  async run(args) {
    const { values } = parseOptions(args, FILE_OPTIONS);
    // Loaded here, not at the top: the primary (`sts start`) must not load the XML toolkit or any plug-in.
    const { bootForCheck } = await import('./boot-for-check.js');
    const sts = await bootForCheck(configFiles(values));
    for (const p of sts.registry.summary()) {
      process.stdout.write(p.enabled ? `${p.id}\tactive\t${p.kind}\t${p.package}\t${p.tokenTypes.join(' ')}\n` : `${p.id}\tdisabled\n`);
    }
    await sts.close();
    return 0;
  },
};
