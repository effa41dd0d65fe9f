/**
 * Failed-password lockout per username AND client address, in the shared state store (so every STS node
 * sees the same counts).
 *
 * - The key pairs both, as PingFederate's UsernameTokenProcessor does: an attacker guessing from one address
 *   cannot lock the real user out from everywhere else.
 * - Failures count for `windowSeconds` from the first one (`ut-fail`). The failure that reaches
 *   `maxFailures` sets a lock (`ut-lock`) for `lockoutSeconds` and clears the counter, so the lock lasts
 *   exactly that long and is followed by a fresh allowance.
 * - A locked key is refused before the password is checked: a correct guess during the lock proves nothing.
 * - A lock entry is written with `putIfAbsent` and read with `count`, which reports 1 for a live entry.
 */
import type { StateStore } from '@sts/sdk';

/** Lockout settings (the `lockout` config object). @public */
export interface LockoutSettings {
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockoutSeconds: number;
}

const FAILURES = 'ut-fail';
const LOCKS = 'ut-lock';

/** @public */
export class Lockout {
  constructor(
    private readonly store: StateStore,
    private readonly settings: LockoutSettings,
  ) {}

  /** The state-store key of a username from a client address. NUL cannot occur in either (XML 1.0 chars). */
  static key(username: string, clientAddress: string): string {
    return `${username}\u0000${clientAddress}`;
  }

  /**
   * Where the key stands before its password is checked: locked, and the failures counted so far (which
   * {@link reset} is given back, so that a login after no failure reads the store twice, not three times).
   */
  async standing(key: string): Promise<{ readonly locked: boolean; readonly failures: number }> {
    if ((await this.store.count(LOCKS, key)) > 0) return { locked: true, failures: 0 };
    // Concurrent failures on several nodes may pass the threshold before one of them sets the lock.
    const failures = await this.store.count(FAILURES, key);
    return { locked: failures >= this.settings.maxFailures, failures };
  }

  /** Counts a failed password; true when this failure locked the key. */
  async recordFailure(key: string): Promise<boolean> {
    const failures = await this.store.increment(FAILURES, key, this.settings.windowSeconds);
    if (failures < this.settings.maxFailures) return false;
    const locked = await this.store.putIfAbsent(LOCKS, key, this.settings.lockoutSeconds);
    await this.store.delete(FAILURES, key);
    return locked;
  }

  /**
   * Forgets earlier failures after a successful login, given the failures {@link standing} counted before the
   * password was checked. Most logins follow no failure: nothing to read or write then (issue 12: the delete
   * was a state-store write on every login, 3.5 % of a worker's time with SQLite, and a read in its place still
   * 1 %). A failure counted by another request while this one checked its password is kept: only failures
   * before this login are forgotten, and keeping one more errs on the side of the lock.
   */
  async reset(key: string, failuresBefore: number): Promise<void> {
    if (failuresBefore === 0) return;
    await this.store.delete(FAILURES, key);
  }
}
