/**
 * The `sts` commands by name (a command may have two words, as in `config check`).
 */
import type { CliCommand } from './cli-command.js';
import { clientSecretCommand } from './client-secret-command.js';
import { configCheckCommand } from './config-check-command.js';
import { keysGenerateCommand } from './keys-generate-command.js';
import { pluginsListCommand } from './plugins-list-command.js';
import { reloadCommand } from './reload-command.js';
import { startCommand } from './start-command.js';
import { usersCommand } from './users-command.js';

export const COMMANDS: ReadonlyMap<string, CliCommand> = new Map([
  ['start', startCommand],
  ['config check', configCheckCommand],
  ['plugins list', pluginsListCommand],
  ['keys generate', keysGenerateCommand],
  ['users', usersCommand],
  ['client-secret', clientSecretCommand],
  ['reload', reloadCommand],
]);

/** The command named by the first one or two arguments; no command (or only options) means start. */
export function findCommand(argv: readonly string[]): { name: string; command: CliCommand; args: readonly string[] } | undefined {
  if (argv.length === 0 || argv[0]!.startsWith('-')) return { name: 'start', command: startCommand, args: argv };
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const command = COMMANDS.get(name);
    if (command) return { name, command, args: argv.slice(words) };
  }
  return undefined;
}

export function usage(): string {
  return ['usage: sts <command> [options]   (npm run sts -- <command>)', '', ...[...COMMANDS.values()].map((c) => `  sts ${c.usage}\n      ${c.summary}`), '', 'sts <command> --help shows one command.'].join('\n') + '\n';
}
