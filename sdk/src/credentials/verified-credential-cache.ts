/**
 * The verified-credential cache: after scrypt accepted a name and a secret (a UsernameToken's username and
 * PasswordText, an OAuth or WS-Trust client's id and secret), remember HMAC-SHA256(per-process random key,
 * name ‖ NUL ‖ secret) for `ttlSeconds`, so the same credential within that time skips scrypt (what Apache
 * CXF's STS and most directory front ends do). scrypt is 88 % of the CPU of a UsernameToken issue, and 99 % of
 * an OAuth token exchange with a client secret; a client that authenticates on every call would otherwise pay
 * it every time (issue 12).
 *
 * - The secret is never stored: only a MAC under a key that never leaves this process, so a heap dump gives
 *   neither the secret nor an offline-guessable hash of it (guessing needs the key).
 * - One entry per name, looked up by the exact name: a different secret for that name is a miss (scrypt runs
 *   as without the cache) and never evicts the entry, so a wrong guess cannot push a real user or client back
 *   to scrypt. With the name fixed by the lookup, the MAC input decides the secret exactly, even were a NUL in
 *   the name.
 * - At most `maxEntries` names; the oldest insertion goes first. Evicting only costs one scrypt later: this is
 *   not a replay cache and forgetting is always safe.
 * - Only successes are stored; the owner drops a name when it must prove its secret again (a user locked out)
 *   and everything when the secrets it checks against change (the users file). One cache per set of secrets:
 *   two sets whose names may coincide (OAuth clients and WS-Trust clients) must not share one.
 * @public
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../services.js';

/** The cache's config object (`credentialCache`, `security.clientSecretCache`). @public */
export interface CredentialCacheSettings {
  readonly ttlSeconds: number;
  readonly maxEntries: number;
}

/** What the cache keeps for a name: the MAC and when it stops counting. @public */
export interface CachedCredential<T = undefined> {
  readonly mac: Buffer;
  readonly expiresAt: number;
  /** What the source found with the credential (a directory's attributes); most sources keep none. */
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

  /** True when this exact name and secret passed scrypt less than `ttlSeconds` ago. */
  matches(name: string, secret: string): boolean {
    return this.lookup(name, secret) !== undefined;
  }

  /** The entry when this exact name and secret were verified less than `ttlSeconds` ago. */
  lookup(name: string, secret: string): CachedCredential<T> | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(name);
      return undefined;
    }
    return timingSafeEqual(entry.mac, this.mac(name, secret)) ? entry : undefined;
  }

  /** Records a credential that scrypt accepted. Never call it for a failed one. */
  remember(name: string, secret: string, value?: T): void {
    if (!this.enabled) return;
    // Re-inserting moves the name to the end, so the first key is always the oldest insertion.
    this.entries.delete(name);
    this.entries.set(name, { mac: this.mac(name, secret), expiresAt: this.clock.now().getTime() + this.settings.ttlSeconds * 1000, ...(value !== undefined && { value }) });
    while (this.entries.size > this.settings.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(name: string): void {
    this.entries.delete(name);
  }

  clear(): void {
    this.entries.clear();
  }

  /** What is stored for a name (for tests and diagnostics: a MAC and an expiry, never the secret). */
  stored(name: string): CachedCredential<T> | undefined {
    return this.entries.get(name);
  }

  get size(): number {
    return this.entries.size;
  }

  private mac(name: string, secret: string): Buffer {
    // NFC as scrypt hashes it (users file and client secrets alike), so a secret that matches its hash also
    // matches its cache entry.
    return createHmac('sha256', this.key).update(`${name}\u0000${secret.normalize('NFC')}`, 'utf8').digest();
  }
}
