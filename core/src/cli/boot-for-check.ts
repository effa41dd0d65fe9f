/**
 * Boots the STS once in this process, without listening and without touching the state backend, to check
 * the configuration end to end (schema, cross-references, keys, TLS files, every plug-in's load phases).
 */
import { MemoryStateStore } from '@sts/sdk';
import { pino } from 'pino';
import { bootSts, type Sts } from '../boot.js';
import { loadTlsCredentials } from '../http/tls-credentials.js';
import { readGeneration } from '../process/generation.js';
import type { ConfigFiles } from './common-options.js';

export async function bootForCheck(files: ConfigFiles): Promise<Sts> {
  const { config } = readGeneration(0, files.configFile, files.manifestFile);
  if (config.server.tls) await loadTlsCredentials(config.server.tls, config.keys.devKeysDir);
  const clock = { now: () => new Date() };
  return bootSts({
    config,
    manifestFile: files.manifestFile,
    clock,
    logger: pino({ level: 'silent' }),
    stateStore: new MemoryStateStore(clock),
    audit: { record: () => undefined, flush: () => undefined },
  });
}
