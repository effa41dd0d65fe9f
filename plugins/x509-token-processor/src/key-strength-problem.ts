/**
 * Minimum key strength (security-rules.md section 3.2 rule 8 and section 6.2: RSA at least 2048 bits, EC
 * P-256 or stronger, raised from WSS4J's and the JDK's 1024/224 defaults). Only RSA and the NIST prime
 * curves are accepted: they are what XML Signature's RSA and ECDSA algorithms use; any other key type is
 * a problem in itself.
 */
import type { KeyObject } from 'node:crypto';

/** The minimums, in bits. @public */
export interface KeyMinimums {
  readonly rsaBits: number;
  readonly ecBits: number;
}

/** Bits of the NIST curves (FIPS 186-4 appendix D), under OpenSSL's names as Node reports them. */
const EC_BITS: Readonly<Record<string, number>> = Object.freeze({ prime256v1: 256, secp384r1: 384, secp521r1: 521 });

/**
 * Why `key` is too weak or of a type we do not accept, or undefined when it is fine.
 * @public
 */
export function keyStrengthProblem(key: KeyObject, minimums: KeyMinimums): string | undefined {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa' || type === 'rsa-pss') {
    const bits = details.modulusLength ?? 0;
    return bits >= minimums.rsaBits ? undefined : `RSA key of ${bits} bits; at least ${minimums.rsaBits} are required`;
  }
  if (type === 'ec') {
    const curve = details.namedCurve ?? 'unknown';
    const bits = EC_BITS[curve];
    if (bits === undefined) return `EC key on curve ${curve}; only P-256, P-384 and P-521 are accepted`;
    return bits >= minimums.ecBits ? undefined : `EC key of ${bits} bits (${curve}); at least ${minimums.ecBits} are required`;
  }
  return `${type ?? 'unknown'} key; only RSA and EC keys are accepted`;
}
