/**
 * Config rules of the `state` section beyond its schema, checked with the rest of the config so that
 * `config check` reports them with the file and JSON path:
 * - the redis backend needs `state.redis.url`, and a URL that is there must parse as redis:// or rediss://
 *   (the message never repeats the URL: it may carry a password);
 * - the sqlite file's folder must exist, except the default data folder, which boot creates. A typo in a
 *   configured path would otherwise start the STS on a fresh, empty replay cache somewhere unexpected.
 * A Redis that is down is not a config error: the STS starts and refuses one-time requests until it is back.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_SQLITE_FILE, type StateConfig } from './kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';

export function checkStateConfig(state: StateConfig, file: string): void {
  const { url } = state.redis;
  if (state.backend === 'redis' && url === undefined) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${file}: /state/redis/url: required when state.backend is redis`);
  }
  if (url !== undefined && !isRedisUrl(url)) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${file}: /state/redis/url: not a redis:// or rediss:// URL with a host`);
  }
  if (state.backend === 'sqlite') {
    const folder = dirname(resolve(state.sqlite.file));
    const isDefault = folder === dirname(resolve(DEFAULT_SQLITE_FILE));
    if (!isDefault && !(existsSync(folder) && statSync(folder).isDirectory())) {
      throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${file}: /state/sqlite/file: folder ${folder} does not exist`);
    }
  }
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && /^(\/\d{0,2})?$/.test(url.pathname);
  } catch {
    return false;
  }
}
