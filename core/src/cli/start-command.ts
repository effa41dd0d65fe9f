/**
 * `sts start`: the primary and its workers (see process/run-primary.ts).
 */
import { fileURLToPath } from 'node:url';
import { runPrimary } from '../process/run-primary.js';
import type { CliCommand } from './cli-command.js';
import { configFiles, FILE_OPTIONS, parseOptions } from './common-options.js';

export const startCommand: CliCommand = {
  usage: 'start [--config FILE] [--plugins FILE]',
  summary: 'Start the STS: a primary and one worker per core (server.workers); the default command',
  async run(args) {
    const { values } = parseOptions(args, FILE_OPTIONS);
    await runPrimary({ ...configFiles(values), workerScript: fileURLToPath(new URL('../main.js', import.meta.url)) });
    return -1; // keeps running; the primary exits on SIGTERM
  },
};
