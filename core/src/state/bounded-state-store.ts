/**
 * The one layer every state backend sits behind (memory, sqlite, redis, or a store a test passes in):
 * - every namespace and key is bounded in length ({@link boundKey}), whatever the backend;
 * - a refusal becomes a {@link StateStoreError} (`wst:RequestFailed`, SOAP Receiver) and is logged: `full`
 *   from the backend's own entry bound (which must be atomic with the insert, so each backend enforces it),
 *   `unavailable` for anything else the backend throws (connection refused, timeout, busy file, disk error).
 *   Nothing is ever answered from a guess: a one-time check that cannot be made refuses the request.
 * - `ping()` is the readiness probe; `close()` releases the backend when boot created it.
 */
import { ServerFailureError, StateStoreError, type Logger, type StateStore } from '@sts/sdk';
import { boundKey } from './bound-key.js';
import { hasRecords, type RecordStore } from './record-store.js';

/** The largest record stored, in UTF-8 bytes: an issued-token record holds a subject and its attributes. */
export const MAX_RECORD_BYTES = 32_768;

export interface BoundedStateStoreOptions {
  readonly logger: Logger;
  /** For the banner and the readiness answer, e.g. `sqlite /srv/sts/state.sqlite`; never a password. */
  readonly description: string;
  /** Close the backend in {@link BoundedStateStore.close}; false for a store the caller owns. */
  readonly owned: boolean;
  /** Told of every refusal (the metrics counter of state backend errors). */
  readonly onRefusal?: (refusal: StateStoreError['refusal']) => void;
}

export class BoundedStateStore implements StateStore, RecordStore {
  readonly description: string;

  constructor(
    private readonly backend: StateStore,
    private readonly options: BoundedStateStoreOptions,
  ) {
    this.description = options.description;
  }

  async putIfAbsent(namespace: string, key: string, ttlSeconds: number): Promise<boolean> {
    checkTtl(ttlSeconds);
    return this.call('putIfAbsent', namespace, () => this.backend.putIfAbsent(boundKey(namespace), boundKey(key), ttlSeconds));
  }

  async increment(namespace: string, key: string, ttlSeconds: number): Promise<number> {
    checkTtl(ttlSeconds);
    return this.call('increment', namespace, () => this.backend.increment(boundKey(namespace), boundKey(key), ttlSeconds));
  }

  count(namespace: string, key: string): Promise<number> {
    return this.call('count', namespace, () => this.backend.count(boundKey(namespace), boundKey(key)));
  }

  delete(namespace: string, key: string): Promise<void> {
    return this.call('delete', namespace, () => this.backend.delete(boundKey(namespace), boundKey(key)));
  }

  async putRecord(namespace: string, key: string, value: string, ttlSeconds: number): Promise<boolean> {
    checkTtl(ttlSeconds);
    checkRecord(value);
    return this.call('putRecord', namespace, () => this.records().putRecord(boundKey(namespace), boundKey(key), value, ttlSeconds));
  }

  getRecord(namespace: string, key: string): Promise<string | undefined> {
    return this.call('getRecord', namespace, () => this.records().getRecord(boundKey(namespace), boundKey(key)));
  }

  async replaceRecord(namespace: string, key: string, expected: string, next: string, ttlSeconds: number): Promise<boolean> {
    checkTtl(ttlSeconds);
    checkRecord(next);
    return this.call('replaceRecord', namespace, () => this.records().replaceRecord(boundKey(namespace), boundKey(key), expected, next, ttlSeconds));
  }

  /** The backend's record operations; a store without them (one a test passes in) refuses: fail closed. */
  private records(): RecordStore {
    if (!hasRecords(this.backend)) throw new StateStoreError('unavailable', `the state store (${this.description}) does not hold records`);
    return this.backend;
  }

  /** Resolves when the backend answers; rejects with a {@link StateStoreError} (`unavailable`) otherwise. */
  async ping(): Promise<void> {
    try {
      await this.backend.ping?.();
    } catch (error) {
      throw unavailable('ping', error);
    }
  }

  async close(): Promise<void> {
    if (this.options.owned) await this.backend.close?.();
  }

  private async call<T>(operation: string, namespace: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const refusal = error instanceof StateStoreError ? error : unavailable(operation, error);
      this.options.logger[refusal.refusal === 'full' ? 'warn' : 'error'](
        { event: 'state.refused', refusal: refusal.refusal, operation, namespace: boundKey(namespace), backend: this.description, reason: refusal.message },
        refusal.refusal === 'full' ? 'state store full: new one-time value refused' : 'state store unavailable: request refused',
      );
      this.options.onRefusal?.(refusal.refusal);
      throw refusal;
    }
  }
}

function unavailable(operation: string, error: unknown): StateStoreError {
  return new StateStoreError('unavailable', `state store ${operation} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

/** A record beyond the bound is a refusal, not a truncation: a cut record would renew the wrong attributes. */
function checkRecord(value: string): void {
  if (Buffer.byteLength(value, 'utf8') > MAX_RECORD_BYTES) throw new StateStoreError('full', `a record of ${Buffer.byteLength(value, 'utf8')} bytes is over the ${MAX_RECORD_BYTES}-byte bound`);
}

/** A TTL that is not a positive number is a plug-in bug; refusing keeps it from storing a value forever or never. */
function checkTtl(ttlSeconds: number): void {
  if (!(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) throw new ServerFailureError(`state store: invalid TTL ${ttlSeconds}`);
}
