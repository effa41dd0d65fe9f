/**
 * The verified-credential cache for PasswordText: after scrypt accepted a username and password, remember
 * HMAC-SHA256(per-process random key, username ‖ NUL ‖ password) for `ttlSeconds`, so the same login within
 * that time skips scrypt (what Apache CXF's STS and most directory front ends do). scrypt is 88 % of the CPU
 * of a UsernameToken issue; a client that logs in for every call would otherwise pay it every time.
 *
 * - The password is never stored: only a MAC under a key that never leaves this process, so a heap dump
 *   gives neither the password nor an offline-guessable hash of it (guessing needs the key).
 * - One entry per username: a different password for that user is a miss (scrypt runs as without the cache)
 *   and never evicts the entry, so a wrong guess cannot push a real user back to scrypt.
 * - At most `maxEntries` users; the oldest insertion goes first. Evicting only costs one scrypt later: this
 *   is not a replay cache and forgetting is always safe.
 * - Only successes are stored; the caller drops a user on lockout and everything when the users file changes.
 * - NUL cannot occur in a username or password (XML 1.0 characters), so the separator is unambiguous.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@sts/sdk';

/** The `credentialCache` config object. @public */
export interface CredentialCacheSettings {
  readonly ttlSeconds: number;
  readonly maxEntries: number;
}

/** What the cache keeps for a user: the MAC and when it stops counting. @public */
export interface CachedCredential<T = undefined> {
  readonly mac: Buffer;
  readonly expiresAt: number;
  /** What the source found with the login (the directory's attributes); the users file keeps none. */
  readonly value?: T;
}

/** @public */
export class VerifiedCredentialCache<T = undefined> {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, CachedCredential<T>>();

  constructor(
    private readonly settings: CredentialCacheSettings,
    private readonly clock: Clock,
  ) {}

  /** False when `ttlSeconds` is 0: nothing is stored and every check runs scrypt. */
  get enabled(): boolean {
    return this.settings.ttlSeconds > 0 && this.settings.maxEntries > 0;
  }

  /** True when this exact username and password passed scrypt less than `ttlSeconds` ago. */
  matches(username: string, password: string): boolean {
    return this.lookup(username, password) !== undefined;
  }

  /** The entry when this exact username and password were verified less than `ttlSeconds` ago. */
  lookup(username: string, password: string): CachedCredential<T> | undefined {
    const entry = this.entries.get(username);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(username);
      return undefined;
    }
    return timingSafeEqual(entry.mac, this.mac(username, password)) ? entry : undefined;
  }

  /** Records a login that scrypt accepted. Never call it for a failed one. */
  remember(username: string, password: string, value?: T): void {
    if (!this.enabled) return;
    // Re-inserting moves the user to the end, so the first key is always the oldest insertion.
    this.entries.delete(username);
    this.entries.set(username, { mac: this.mac(username, password), expiresAt: this.clock.now().getTime() + this.settings.ttlSeconds * 1000, ...(value !== undefined && { value }) });
    while (this.entries.size > this.settings.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(username: string): void {
    this.entries.delete(username);
  }

  clear(): void {
    this.entries.clear();
  }

  /** What is stored for a user (for tests and diagnostics: a MAC and an expiry, never the password). */
  stored(username: string): CachedCredential<T> | undefined {
    return this.entries.get(username);
  }

  get size(): number {
    return this.entries.size;
  }

  private mac(username: string, password: string): Buffer {
    // NFC as scrypt hashes it, so a password that matches the file also matches its cache entry.
    return createHmac('sha256', this.key).update(`${username}\u0000${password.normalize('NFC')}`, 'utf8').digest();
  }
}
