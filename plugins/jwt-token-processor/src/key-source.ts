/**
 * Where one issuer's keys come from. A file or certificate source is read once at start; a JWKS URL is
 * fetched when needed ({@link RemoteJwks}).
 */
import type { VerificationKey } from './verification-key.js';

/** An issuer's trusted keys. */
export interface KeySource {
  /** The keys to verify with now. */
  keys(): Promise<readonly VerificationKey[]>;
  /**
   * The keys to use when a token names a `kid` that {@link keys} lacks: a remote set may have rotated, so it
   * may be fetched again (rate-limited); a local set answers the same keys.
   */
  keysAfterUnknownKid(): Promise<readonly VerificationKey[]>;
}

/** A key set read once at start. */
export class StaticKeySource implements KeySource {
  constructor(private readonly list: readonly VerificationKey[]) {}
  async keys(): Promise<readonly VerificationKey[]> {
    return this.list;
  }
  async keysAfterUnknownKid(): Promise<readonly VerificationKey[]> {
    return this.list;
  }
}
