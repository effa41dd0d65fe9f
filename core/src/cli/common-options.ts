/**
 * The options every command that reads the configuration takes, with the same defaults as `sts start`.
 */
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-command.js';

export const FILE_OPTIONS = { config: { type: 'string' }, plugins: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export interface ConfigFiles {
  readonly configFile: string;
  readonly manifestFile: string;
}

export function configFiles(values: { config?: string | undefined; plugins?: string | undefined }): ConfigFiles {
  return {
    configFile: resolve(values.config ?? process.env['STS_CONFIG'] ?? 'demo/sts.config.json'),
    manifestFile: resolve(values.plugins ?? process.env['STS_PLUGINS'] ?? 'plugins.json'),
  };
}

/** parseArgs with strict options; its errors become usage errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T): { values: ReturnType<typeof parseArgs<{ options: T; strict: true }>>['values'] } {
  try {
    return parseArgs({ args: [...args], options, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
