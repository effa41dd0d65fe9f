/**
 * `sts users add|list|remove`: the users file of a UsernameToken processor instance. The kernel knows no
 * token plug-in, so this runs the `sts-user` tool that the instance's own package ships (its package.json
 * `bin`), with `--file` defaulting to that instance's configured usersFile.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readManifest } from '../plugins/manifest.js';
import { resolvePluginPackage } from '../plugins/resolve-plugin-package.js';
import { UsageError, type CliCommand } from './cli-command.js';
import { configFiles } from './common-options.js';

const TOOL = 'sts-user';

export const usersCommand: CliCommand = {
  usage: 'users add|list|remove [NAME] [--file FILE] [--instance ID] [--plugins FILE] [sts-user options]',
  summary: 'Maintain a users file (runs the sts-user tool of the UsernameToken processor in plugins.json)',
  async run(args) {
    const rest = [...args];
    const take = (name: string): string | undefined => {
      const i = rest.indexOf(name);
      if (i < 0) return undefined;
      const value = rest[i + 1];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      rest.splice(i, 2);
      return value;
    };
    const instanceId = take('--instance');
    const { manifestFile } = configFiles({ plugins: take('--plugins') });
    const manifest = readManifest(manifestFile);
    const candidates = manifest.instances.flatMap((instance) => {
      const pkg = resolvePluginPackage(instance.package, manifestFile);
      const bin = (pkg?.packageJson as { bin?: Record<string, string> } | undefined)?.bin?.[TOOL];
      return pkg && bin && (instanceId === undefined || instance.id === instanceId) ? [{ instance, tool: join(pkg.dir, bin) }] : [];
    });
    if (candidates.length === 0) throw new UsageError(`no instance${instanceId ? ` ${instanceId}` : ''} in ${manifestFile} ships ${TOOL}`);
    if (candidates.length > 1) throw new UsageError(`several instances ship ${TOOL} (${candidates.map((c) => c.instance.id).join(', ')}): choose one with --instance`);
    const { instance, tool } = candidates[0]!;
    const usersFile = instance.config['usersFile'];
    const fileArgs = rest.includes('--file') || typeof usersFile !== 'string' || rest.length === 0 ? [] : ['--file', usersFile];
    const result = spawnSync(process.execPath, [tool, ...rest, ...fileArgs], { stdio: 'inherit' });
    return result.status ?? 1;
  },
};
