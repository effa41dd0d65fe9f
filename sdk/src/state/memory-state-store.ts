/**
 * An in-process {@link StateStore}: for tests and single-process deployments. Entries expire lazily on
 * access and in a sweep every `sweepEvery` writes, so memory stays bounded by the live entries.
 *
 * At `maxEntries` entries a new key is refused with {@link StateStoreError} (`full`) instead of evicting an
 * old one: dropping a live replay entry early would let that replay through. Before refusing, expired
 * entries are swept, at most once a second, so a flood against a full store cannot turn every request into
 * a scan of the whole map.
 * @public
 */
import type { Clock, StateStore } from '../services.js';
import { StateStoreError } from './state-store-error.js';

interface Entry {
  value: number;
  /** A record's text (putRecord); one-time values and counters have none. */
  text?: string;
  expiresAt: number;
}

/** @public */
export interface MemoryStateStoreOptions {
  /** Sweep expired entries every this many writes (default 1000). */
  readonly sweepEvery?: number;
  /** Refuse new keys beyond this many entries (default: no bound). */
  readonly maxEntries?: number;
}

const FULL_SWEEP_INTERVAL_MS = 1000;

/** @public */
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sweepEvery: number;
  private readonly maxEntries: number;
  private writes = 0;
  private lastFullSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock = { now: () => new Date() },
    options: MemoryStateStoreOptions = {},
  ) {
    this.sweepEvery = options.sweepEvery ?? 1000;
    this.maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  }

  /** How many entries are held, live or not yet swept. */
  get size(): number {
    return this.entries.size;
  }

  async putIfAbsent(namespace: string, key: string, ttlSeconds: number): Promise<boolean> {
    const k = `${namespace}\u0000${key}`;
    if (this.live(k)) return false;
    this.set(k, 1, ttlSeconds);
    return true;
  }

  async increment(namespace: string, key: string, ttlSeconds: number): Promise<number> {
    const k = `${namespace}\u0000${key}`;
    const entry = this.live(k);
    if (entry) return ++entry.value;
    this.set(k, 1, ttlSeconds);
    return 1;
  }

  async count(namespace: string, key: string): Promise<number> {
    return this.live(`${namespace}\u0000${key}`)?.value ?? 0;
  }

  async delete(namespace: string, key: string): Promise<void> {
    this.entries.delete(`${namespace}\u0000${key}`);
  }

  /** Stores a record if the key is absent (the kernel's issued-token store; core/src/state/record-store.ts). */
  async putRecord(namespace: string, key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const k = `${namespace}\u0000${key}`;
    if (this.live(k)) return false;
    this.set(k, 1, ttlSeconds, value);
    return true;
  }

  /** The live record's text, or undefined. */
  async getRecord(namespace: string, key: string): Promise<string | undefined> {
    return this.live(`${namespace}\u0000${key}`)?.text;
  }

  /** Replaces the live record `expected` by `next` with a new TTL; false when it is absent or differs. */
  async replaceRecord(namespace: string, key: string, expected: string, next: string, ttlSeconds: number): Promise<boolean> {
    const entry = this.live(`${namespace}\u0000${key}`);
    if (entry?.text === undefined || entry.text !== expected) return false;
    entry.text = next;
    entry.expiresAt = this.clock.now().getTime() + Math.max(1, Math.ceil(ttlSeconds * 1000));
    return true;
  }

  private live(k: string): Entry | undefined {
    const entry = this.entries.get(k);
    if (entry && entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(k);
      return undefined;
    }
    return entry;
  }

  /** Stores a key that {@link live} found absent; refuses when the store is full. */
  private set(k: string, value: number, ttlSeconds: number, text?: string): void {
    const now = this.clock.now().getTime();
    if (this.entries.size >= this.maxEntries && now - this.lastFullSweep >= FULL_SWEEP_INTERVAL_MS) {
      this.lastFullSweep = now;
      this.sweep(now);
    }
    if (this.entries.size >= this.maxEntries) {
      throw new StateStoreError('full', `the memory state store is full (${this.maxEntries} entries)`);
    }
    this.entries.set(k, { value, ...(text === undefined ? {} : { text }), expiresAt: now + Math.max(1, Math.ceil(ttlSeconds * 1000)) });
    if (++this.writes % this.sweepEvery === 0) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const [key, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(key);
  }
}
