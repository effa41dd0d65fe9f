/**
 * One public key an issuer signs with, parsed once, and the rule for which JWS algorithms it may verify.
 */
import type { KeyObject } from 'node:crypto';
import type { VerificationAlgorithm } from './config-schema.js';

/** A trusted public key of one issuer. */
export interface VerificationKey {
  /** The names a token's `kid` may use for it: the JWK `kid`, or a certificate's thumbprints. */
  readonly kids: readonly string[];
  readonly key: KeyObject;
  /** The JWK `alg`, when the key set pins one (RFC 7517 section 4.4). */
  readonly alg?: string;
  /** A certificate's validity, checked at verification time. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Where it came from, for messages. */
  readonly label: string;
}

/**
 * True when `key` can verify `alg` (RFC 7518 section 3.3 and 3.5: RSA of at least 2048 bits for RS* and
 * PS*; section 3.4: ES256 on P-256, ES384 on P-384) and a pinned JWK `alg` agrees.
 */
export function keyFitsAlgorithm(key: VerificationKey, alg: VerificationAlgorithm): boolean {
  if (key.alg !== undefined && key.alg !== alg) return false;
  const type = key.key.asymmetricKeyType;
  const details = key.key.asymmetricKeyDetails ?? {};
  if (alg === 'ES256') return type === 'ec' && details.namedCurve === 'prime256v1';
  if (alg === 'ES384') return type === 'ec' && details.namedCurve === 'secp384r1';
  const rsa = type === 'rsa' || (alg.startsWith('PS') && type === 'rsa-pss');
  return rsa && (details.modulusLength ?? 0) >= 2048;
}
