/**
 * The backend for several machines: one Redis (standalone or behind Sentinel; not Redis Cluster, whose
 * multi-key scripts would need every key in one slot).
 *
 * - A one-time value is `SET key 1 PX ttl` and a counter `INCR` or `SET key 1 PX ttl`, each in a Lua script,
 *   which Redis runs atomically: the existence check, the entry bound and the write cannot interleave with
 *   another STS's.
 * - The entry bound: a sorted set per key prefix indexes every entry by its expiry (Redis's own clock, the
 *   one that expires the keys), trimmed of expired members on each insert; at the bound a new key is refused
 *   (`full`) and nothing is evicted. Redis itself must not evict either (`maxmemory-policy noeviction`, its
 *   default): an evicted replay entry would let the replay through.
 * - A record (record-store.ts) is `SET key value PX ttl` in the same index and bound; replacing one is a
 *   compare-and-set in a script, so two STSs renewing or cancelling the same token cannot both win.
 * - Fails fast: no offline queue (a command while disconnected fails at once), a connect timeout and a
 *   command timeout, no resending of commands whose answer was lost. The client reconnects in the
 *   background for as long as the STS runs, so service resumes by itself when Redis is back.
 */
import { Redis } from 'ioredis';
import { StateStoreError, type Logger, type StateStore } from '@sts/sdk';
import type { RecordStore } from './record-store.js';
import { ttlMs } from './ttl-ms.js';

export interface RedisStateStoreOptions {
  readonly url: string;
  readonly keyPrefix: string;
  readonly maxEntries: number;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

/** Trims expired index members, then answers Redis's time in ms, or false when the bound is reached. */
const ADMIT = `
local function admit(index, max)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
  if redis.call('ZCARD', index) >= tonumber(max) then return false end
  return now
end
local function start(key, index, ttl, now)
  redis.call('SET', key, '1', 'PX', ttl)
  redis.call('ZADD', index, now + tonumber(ttl), key)
end
`;

/** KEYS: entry, index. ARGV: ttl ms, max entries. 1 stored, 0 present, -1 full. */
const PUT_IF_ABSENT = `${ADMIT}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local now = admit(KEYS[2], ARGV[2])
if not now then return -1 end
start(KEYS[1], KEYS[2], ARGV[1], now)
return 1`;

/** KEYS: entry, index. ARGV: ttl ms, max entries. The new count, or -1 full. */
const INCREMENT = `${ADMIT}
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
local now = admit(KEYS[2], ARGV[2])
if not now then return -1 end
start(KEYS[1], KEYS[2], ARGV[1], now)
return 1`;

/** KEYS: entry, index. ARGV: ttl ms, max entries, value. 1 stored, 0 present, -1 full. */
const PUT_RECORD = `${ADMIT}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local now = admit(KEYS[2], ARGV[2])
if not now then return -1 end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), KEYS[1])
return 1`;

/** KEYS: entry, index. ARGV: ttl ms, expected value, next value. 1 replaced, 0 absent or different. */
const REPLACE_RECORD = `
if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), KEYS[1])
return 1`;

/** KEYS: entry, index. */
const DELETE = `redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], KEYS[1])
return 0`;

type ScriptedRedis = Redis & {
  stsPutIfAbsent(key: string, index: string, ttlMs: number, maxEntries: number): Promise<number>;
  stsIncrement(key: string, index: string, ttlMs: number, maxEntries: number): Promise<number>;
  stsDelete(key: string, index: string): Promise<number>;
  stsPutRecord(key: string, index: string, ttlMs: number, maxEntries: number, value: string): Promise<number>;
  stsReplaceRecord(key: string, index: string, ttlMs: number, expected: string, next: string): Promise<number>;
};

export class RedisStateStore implements StateStore, RecordStore {
  private readonly redis: ScriptedRedis;
  private readonly index: string;
  private reachable = true;
  private closing = false;

  constructor(private readonly options: RedisStateStoreOptions) {
    this.index = `${options.keyPrefix}index`;
    const redis = new Redis(options.url, {
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    });
    redis.defineCommand('stsPutIfAbsent', { numberOfKeys: 2, lua: PUT_IF_ABSENT });
    redis.defineCommand('stsIncrement', { numberOfKeys: 2, lua: INCREMENT });
    redis.defineCommand('stsDelete', { numberOfKeys: 2, lua: DELETE });
    redis.defineCommand('stsPutRecord', { numberOfKeys: 2, lua: PUT_RECORD });
    redis.defineCommand('stsReplaceRecord', { numberOfKeys: 2, lua: REPLACE_RECORD });
    // One line per outage and one per recovery, not one per reconnect attempt. A server that closes the
    // connection cleanly (a restart) emits no error, so a lost connection counts as an outage too.
    const outage = (reason: string) => {
      if (!this.reachable || this.closing) return;
      this.reachable = false;
      options.logger.error({ event: 'state.unreachable', backend: 'redis', reason }, 'redis state backend unreachable: one-time checks fail closed until it is back');
    };
    redis.on('error', (error: Error) => outage(error.message));
    redis.on('close', () => outage('connection closed'));
    redis.on('ready', () => {
      if (this.reachable) return;
      this.reachable = true;
      options.logger.info({ event: 'state.reachable', backend: 'redis' }, 'redis state backend reachable again');
    });
    this.redis = redis as ScriptedRedis;
  }

  async putIfAbsent(namespace: string, key: string, ttlSeconds: number): Promise<boolean> {
    await this.connecting();
    const result = await this.redis.stsPutIfAbsent(this.key(namespace, key), this.index, ttlMs(ttlSeconds), this.options.maxEntries);
    return this.admitted(result) === 1;
  }

  async increment(namespace: string, key: string, ttlSeconds: number): Promise<number> {
    await this.connecting();
    return this.admitted(await this.redis.stsIncrement(this.key(namespace, key), this.index, ttlMs(ttlSeconds), this.options.maxEntries));
  }

  async count(namespace: string, key: string): Promise<number> {
    await this.connecting();
    const value = await this.redis.get(this.key(namespace, key));
    return value === null ? 0 : Number(value);
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.connecting();
    await this.redis.stsDelete(this.key(namespace, key), this.index);
  }

  async putRecord(namespace: string, key: string, value: string, ttlSeconds: number): Promise<boolean> {
    await this.connecting();
    return this.admitted(await this.redis.stsPutRecord(this.key(namespace, key), this.index, ttlMs(ttlSeconds), this.options.maxEntries, value)) === 1;
  }

  async getRecord(namespace: string, key: string): Promise<string | undefined> {
    await this.connecting();
    return (await this.redis.get(this.key(namespace, key))) ?? undefined;
  }

  async replaceRecord(namespace: string, key: string, expected: string, next: string, ttlSeconds: number): Promise<boolean> {
    await this.connecting();
    return (await this.redis.stsReplaceRecord(this.key(namespace, key), this.index, ttlMs(ttlSeconds), expected, next)) === 1;
  }

  async ping(): Promise<void> {
    await this.connecting();
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.closing = true;
    this.redis.disconnect();
  }

  /**
   * While a connection attempt is under way (the first one after boot, or one the client is making now),
   * waits for it up to the connect timeout, so the first requests after a start do not fail for nothing.
   * Otherwise (connected, or known down and waiting to retry) returns at once: a command without a
   * connection then fails immediately, as there is no offline queue.
   */
  private async connecting(): Promise<void> {
    const { status } = this.redis;
    if (status !== 'connecting' && status !== 'connect') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done).off('error', done).off('close', done);
        resolve();
      };
      const timer = setTimeout(done, this.options.connectTimeoutMs);
      this.redis.once('ready', done).once('error', done).once('close', done);
    });
  }

  /** Length-prefixed, so no namespace and key pair can spell another pair's key. */
  private key(namespace: string, key: string): string {
    return `${this.options.keyPrefix}${namespace.length}:${namespace}:${key}`;
  }

  private admitted(result: number): number {
    if (result === -1) throw new StateStoreError('full', `the redis state store is full (${this.options.maxEntries} entries under prefix ${this.options.keyPrefix})`);
    return result;
  }
}

/** The URL without its password, for the banner and logs. */
export function describeRedisUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
