/**
 * Builds the state store boot registers, from the `state` config section: the backend it names, behind the
 * bounds layer ({@link BoundedStateStore}). A store a test passes in gets the same bounds layer, but its
 * caller keeps ownership (it may be shared by two STS instances).
 *
 * Opening is synchronous for memory and sqlite (a file that cannot be opened stops the start) and lazy for
 * redis: a Redis that is down at startup is not a config error, the STS starts and one-time checks fail
 * closed until it answers (the readiness probe, `ping()`, says so).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MemoryStateStore, type Clock, type Logger, type StateStore } from '@sts/sdk';
import { DEFAULT_MAX_ENTRIES, DEFAULT_SQLITE_FILE, type StateConfig } from '../config/kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';
import { BoundedStateStore, type BoundedStateStoreOptions } from './bounded-state-store.js';
import { describeRedisUrl, RedisStateStore } from './redis-state-store.js';
import { SqliteStateStore } from './sqlite-state-store.js';

export interface CreateStateStoreOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** A store to use instead of the configured backend (tests); it is not closed with the STS. */
  readonly provided?: StateStore | undefined;
  /** Told of every refusal (metrics). */
  readonly onRefusal?: BoundedStateStoreOptions['onRefusal'];
  /** SQLite: `external` when the primary checkpoints the file (sqlite-checkpointer.ts); `automatic` otherwise. */
  readonly sqliteCheckpoints?: 'automatic' | 'external' | undefined;
}

export function createStateStore(config: StateConfig, options: CreateStateStoreOptions): BoundedStateStore {
  const { clock, logger, provided, onRefusal, sqliteCheckpoints = 'automatic' } = options;
  const refusals = onRefusal === undefined ? {} : { onRefusal };
  if (provided) return new BoundedStateStore(provided, { logger, description: 'provided by the caller', owned: false, ...refusals });
  const maxEntries = config.maxEntries ?? DEFAULT_MAX_ENTRIES[config.backend];
  const owned = (backend: StateStore, description: string) => new BoundedStateStore(backend, { logger, description, owned: true, ...refusals });
  switch (config.backend) {
    case 'memory':
      return owned(new MemoryStateStore(clock, { maxEntries }), 'memory (this process only)');
    case 'sqlite': {
      const file = resolve(config.sqlite.file);
      return owned(openSqlite(file, { file, maxEntries, busyTimeoutMs: config.sqlite.busyTimeoutMs, clock, checkpoints: sqliteCheckpoints }), `sqlite ${file}`);
    }
    case 'redis': {
      // checkStateConfig made sure the URL is there and parses.
      const url = config.redis.url!;
      const { keyPrefix, connectTimeoutMs, commandTimeoutMs } = config.redis;
      const backend = new RedisStateStore({ url, keyPrefix, maxEntries, connectTimeoutMs, commandTimeoutMs, logger });
      return owned(backend, `redis ${describeRedisUrl(url)} (prefix ${keyPrefix})`);
    }
  }
}

/** Opens the SQLite file; the default data folder is created (git-ignored), any other must exist. */
function openSqlite(file: string, options: ConstructorParameters<typeof SqliteStateStore>[0]): SqliteStateStore {
  try {
    if (dirname(file) === dirname(resolve(DEFAULT_SQLITE_FILE))) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    return new SqliteStateStore(options);
  } catch (error) {
    throw new StartupError(StartupErrorCode.STATE_OPEN_FAILED, `${file}: ${(error as Error).message}`, { cause: error });
  }
}
