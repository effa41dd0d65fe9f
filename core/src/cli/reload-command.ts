/**
 * `sts reload`: asks the running primary (its pid from server.pidFile) to reload, as `kill -HUP` does. The
 * primary validates first and keeps the running configuration when a file is invalid; its log says which.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadKernelConfig } from '../config/load-kernel-config.js';
import type { CliCommand } from './cli-command.js';
import { configFiles, FILE_OPTIONS, parseOptions } from './common-options.js';

export const reloadCommand: CliCommand = {
  usage: 'reload [--config FILE]',
  summary: 'Reload plugins.json and the config of the running STS (SIGHUP to the primary)',
  async run(args) {
    const { values } = parseOptions(args, FILE_OPTIONS);
    const pidFile = resolve(loadKernelConfig(configFiles(values).configFile).server.pidFile);
    let pid: number;
    try {
      pid = Number(readFileSync(pidFile, 'utf8').trim());
    } catch {
      process.stderr.write(`sts: no running STS: cannot read ${pidFile}\n`);
      return 1;
    }
    try {
      process.kill(pid, 'SIGHUP');
    } catch (error) {
      process.stderr.write(`sts: cannot signal pid ${pid} from ${pidFile}: ${(error as Error).message}\n`);
      return 1;
    }
    process.stdout.write(`sent SIGHUP to the STS primary (pid ${pid}); its log tells whether the reload was taken\n`);
    return 0;
  },
};
