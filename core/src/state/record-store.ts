/**
 * Records: a text value under a key, with an expiry, for state that is more than a one-time flag (the
 * issued-token store: README "Renew and Cancel"). Kept beside the SDK's {@link StateStore} rather than in it,
 * so a plug-in's own store keeps compiling; the three kernel backends (memory, sqlite, redis) implement both,
 * and a records call on a store that does not fails closed (BoundedStateStore).
 *
 * Records count against the same entry bound as one-time values: a new record at the bound is refused
 * (`full`), a live one is never evicted.
 */
import type { StateStore } from '@sts/sdk';

export interface RecordStore {
  /** Stores `value` under `key` for `ttlSeconds` if the key is absent (or expired). False when it was there. */
  putRecord(namespace: string, key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** The live value, or undefined. */
  getRecord(namespace: string, key: string): Promise<string | undefined>;
  /**
   * Atomically replaces the live value `expected` by `next`, with a new TTL. False (and nothing changed) when
   * the key is absent, expired or holds another value: the caller lost a race or the state moved on.
   */
  replaceRecord(namespace: string, key: string, expected: string, next: string, ttlSeconds: number): Promise<boolean>;
}

/** Whether a store (a backend, or one a test passes in) implements the record operations. */
export function hasRecords(store: StateStore): store is StateStore & RecordStore {
  const s = store as Partial<RecordStore>;
  return typeof s.putRecord === 'function' && typeof s.getRecord === 'function' && typeof s.replaceRecord === 'function';
}
