/**
 * Client secrets checked with the verified-credential cache (`security.clientSecretCache`, the SDK's
 * {@link VerifiedCredentialCache}): a secret that scrypt accepted for a client is accepted again for
 * `ttlSeconds` from an HMAC lookup, as the UsernameToken processor does for PasswordText (issue 12). Without it
 * every OAuth token request with client_secret_basic or client_secret_post, and every WS-Trust request with
 * Basic client authentication, cost one scrypt: `npm run bench`'s oauth-jwt made 42 token exchanges a second
 * with 47.9 ms of server CPU each, against 2,670 a second and 680 µs with the cache (2 cores, 2026-12-07).
 *
 * What does not change: an unknown client runs the decoy scrypt, a wrong secret runs scrypt and is refused,
 * and only a success is remembered. Each owner of a set of clients (the OAuth face, the WS-Trust face) makes its
 * own verifier: a client id may exist in both sets with different secrets, and one cache for both would let
 * one secret pass for the other.
 */
import { VerifiedCredentialCache, type Clock, type CredentialCacheSettings } from '@sts/sdk';
import { verifyClientSecret, type SecretHash } from './client-secret-hash.js';

/** The check a miss runs: {@link verifyClientSecret} (scrypt), or a counting stand-in in tests. */
export type SecretCheck = (secret: string, expected: SecretHash | undefined) => Promise<boolean>;

export class ClientSecretVerifier {
  /** Each entry keeps the hash it was verified against: it counts only for that same hash. */
  private readonly cache: VerifiedCredentialCache<SecretHash>;

  constructor(
    settings: CredentialCacheSettings,
    clock: Clock,
    private readonly check: SecretCheck = verifyClientSecret,
  ) {
    this.cache = new VerifiedCredentialCache<SecretHash>(settings, clock);
  }

  /**
   * True when the client exists (`expected` given) and the secret is its secret: from the cache when this
   * client's same secret passed scrypt within the TTL, otherwise by scrypt (the decoy one for an unknown client).
   */
  async verify(clientId: string, secret: string, expected: SecretHash | undefined): Promise<boolean> {
    if (expected !== undefined && this.cache.lookup(clientId, secret)?.value === expected) return true;
    const matches = await this.check(secret, expected);
    if (matches && expected !== undefined) this.cache.remember(clientId, secret, expected);
    return matches;
  }
}
