/**
 * An in-process {@link StateStore}: for tests and single-process deployments. Entries expire lazily on
 * access and in a sweep every `sweepEvery` writes, so memory stays bounded by the live entries.
 * @public
 */
import type { Clock, StateStore } from '../services.js';

interface Entry {
  value: number;
  expiresAt: number;
}

/** @public */
export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  constructor(
    private readonly clock: Clock = { now: () => new Date() },
    private readonly sweepEvery = 1000,
  ) {}

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

  private live(k: string): Entry | undefined {
    const entry = this.entries.get(k);
    if (entry && entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(k);
      return undefined;
    }
    return entry;
  }

  private set(k: string, value: number, ttlSeconds: number): void {
    const now = this.clock.now().getTime();
    this.entries.set(k, { value, expiresAt: now + ttlSeconds * 1000 });
    if (++this.writes % this.sweepEvery === 0) {
      for (const [key, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(key);
    }
  }
}
