/**
 * `sts config check`: exits 0 when the config and plugins.json would start, 1 with the coded errors otherwise.
 */
import type { CliCommand } from './cli-command.js';
import { configFiles, FILE_OPTIONS, parseOptions } from './common-options.js';

export const configCheckCommand: CliCommand = {
  usage: 'config check [--config FILE] [--plugins FILE]',
  summary: 'Validate the config and plugins.json (and load every plug-in) without starting',
  async run(args) {
    const { values } = parseOptions(args, FILE_OPTIONS);
    const files = configFiles(values);
    // Loaded here, not at the top: the primary (`sts start`) must not load the XML toolkit or any plug-in.
    const { bootForCheck } = await import('./boot-for-check.js');
    const sts = await bootForCheck(files);
    const plugins = sts.registry.summary();
    await sts.close();
    process.stdout.write(`config ok: ${files.configFile}\nplug-ins ok: ${files.manifestFile} (${plugins.filter((p) => p.enabled).length} active, ${plugins.filter((p) => !p.enabled).length} disabled)\n`);
    return 0;
  },
};
