/**
 * Checks a compact JWS signature (RFC 7515 section 5.2 steps 8 and 9) with one synchronous node:crypto call.
 *
 * Why not jose's `jwtVerify`: jose 6 verifies through WebCrypto, an asynchronous job per token that cost
 * 100–215 µs of CPU per RS256 token on the development machine against about 30 µs for node:crypto's one-shot
 * `verify` with the same key (issue 12). The rest of what jose checked is in `check-registered-claims.ts`; the
 * header rules were already ours (`check-protected-header.ts`), and the key was chosen before this runs
 * (`select-keys.ts`: the issuer's keys that fit the algorithm). The tests verify tokens signed by jose and
 * refuse the same tampered, re-keyed and malformed tokens as before.
 *
 * Per algorithm (RFC 7518): RS* are RSASSA-PKCS1-v1_5 (section 3.3); PS* RSASSA-PSS with MGF1 of the same hash
 * and a salt as long as the hash (section 3.5); ES* ECDSA with the signature as the fixed-length R || S
 * (section 3.4), not DER, of exactly twice the curve's size.
 */
import { constants, verify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import type { VerificationAlgorithm } from './config-schema.js';

interface JwsVerification {
  readonly hash: string;
  readonly input: (key: KeyObject) => KeyObject | VerifyKeyObjectInput;
  /** The signature's exact length in bytes, where the algorithm fixes it. */
  readonly signatureBytes?: number;
}

const pss = (key: KeyObject): VerifyKeyObjectInput => ({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
const ieeeP1363 = (key: KeyObject): VerifyKeyObjectInput => ({ key, dsaEncoding: 'ieee-p1363' });

const VERIFICATION: Readonly<Record<VerificationAlgorithm, JwsVerification>> = Object.freeze({
  RS256: { hash: 'sha256', input: (key) => key },
  RS384: { hash: 'sha384', input: (key) => key },
  RS512: { hash: 'sha512', input: (key) => key },
  PS256: { hash: 'sha256', input: pss },
  ES256: { hash: 'sha256', input: ieeeP1363, signatureBytes: 64 },
  ES384: { hash: 'sha384', input: ieeeP1363, signatureBytes: 96 },
});

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Whether the compact JWS `compact` (three base64url parts, as `parseUnverifiedJwt` checked the first two) is
 * signed under `alg` by the private half of `key`. The signing input is the ASCII of the first two parts as
 * received (RFC 7515 section 5.2 step 8).
 */
export function jwsSignatureVerifies(compact: string, alg: VerificationAlgorithm, key: KeyObject): boolean {
  const verification = VERIFICATION[alg];
  if (verification === undefined) return false;
  const dot = compact.lastIndexOf('.');
  const encoded = compact.slice(dot + 1);
  if (!BASE64URL.test(encoded)) return false;
  const signature = Buffer.from(encoded, 'base64url');
  if (verification.signatureBytes !== undefined && signature.length !== verification.signatureBytes) return false;
  try {
    return verify(verification.hash, Buffer.from(compact.slice(0, dot), 'ascii'), verification.input(key), signature);
  } catch {
    // A key that cannot do this algorithm (select-keys.ts keeps those out) is a failed check, not a crash.
    return false;
  }
}
