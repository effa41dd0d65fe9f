#!/usr/bin/env node
/**
 * The `sts` command (`npm run sts -- <command>`; `npm start` runs `sts start`). In a cluster worker it runs
 * the worker instead: the primary forks this same file.
 *
 *   sts [start] [--config FILE] [--plugins FILE]   (defaults: $STS_CONFIG or demo/sts.config.json; $STS_PLUGINS or plugins.json)
 *   sts config check | plugins list | keys generate | users add|list|remove | reload   (--help on each)
 *
 * Exit codes: 0 done, 1 failed (a startup error prints its code and message), 2 bad arguments.
 */
import 'reflect-metadata';
import cluster from 'node:cluster';
import { UsageError } from './cli/cli-command.js';
import { findCommand, usage } from './cli/commands.js';
import { StartupError } from './errors.js';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help')) {
    process.stdout.write(usage());
    return 0;
  }
  const found = findCommand(argv);
  if (found === undefined) {
    process.stderr.write(`sts: unknown command ${argv.slice(0, 2).join(' ')}\n${usage()}`);
    return 2;
  }
  const { name, command, args } = found;
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: sts ${command.usage}\n  ${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sts ${name}: ${error.message}\nusage: sts ${command.usage}\n`);
      return 2;
    }
    if (error instanceof StartupError) {
      process.stderr.write(`sts: ${name === 'start' ? 'cannot start' : `${name} failed`}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`sts: ${name} failed: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

if (cluster.isWorker) {
  // A worker loads the kernel; the primary never does (it parses no XML and loads no plug-in).
  const { runWorker } = await import('./process/run-worker.js');
  runWorker();
} else {
  main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exit(code);
  });
}
