/**
 * The rules a JWS protected header must pass before any key is looked up (RFC 8725, security-rules.md
 * section 3.4):
 *
 * - `alg` is a string, never `none` (RFC 8725 section 3.1) nor an HMAC algorithm: a public key used as an
 *   HMAC secret is the classic RS/HS confusion (CVE-2022-23541); it must also be one we verify at all;
 * - no key-carrying or key-locating header: `jku`, `x5u` (remote keys), `jwk`, `x5c` (embedded keys)
 *   (RFC 8725 section 3.10 and 2.1);
 * - no `crit`: we understand no extension, and RFC 7515 section 4.1.11 says a recipient that does not
 *   understand a listed extension must reject the JWS; no `b64` (RFC 7797) and no `zip` (a JWE parameter);
 * - `kid`, when present, is a plain identifier `^[A-Za-z0-9._-]{1,64}$`, only ever a key in a local map,
 *   never a path, URL or query fragment.
 */
import { InvalidSecurityTokenError, quoteForLog } from '@sts/sdk';
import { VERIFICATION_ALGORITHMS, type VerificationAlgorithm } from './config-schema.js';

/** The kid shape security-rules.md section 3.4 allows. */
export const KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const FORBIDDEN_PARAMETERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit', 'b64', 'zip'] as const;

/** What the header says, once it passed. */
export interface CheckedHeader {
  readonly alg: VerificationAlgorithm;
  readonly kid?: string;
}

/** Checks the protected header; throws `InvalidSecurityTokenError` naming the rule it breaks. */
export function checkProtectedHeader(header: Readonly<Record<string, unknown>>): CheckedHeader {
  const alg = header['alg'];
  if (typeof alg !== 'string') throw new InvalidSecurityTokenError('the JWT header has no alg');
  if (alg.toLowerCase() === 'none') throw new InvalidSecurityTokenError('alg none is refused (unsecured JWT)');
  if (/^HS/i.test(alg)) throw new InvalidSecurityTokenError(`alg ${quoteForLog(alg)} is refused: HMAC algorithms are never accepted`);
  if (!(VERIFICATION_ALGORITHMS as readonly string[]).includes(alg)) {
    throw new InvalidSecurityTokenError(`alg ${quoteForLog(alg)} is not a supported signature algorithm`);
  }
  for (const name of FORBIDDEN_PARAMETERS) {
    if (Object.hasOwn(header, name)) throw new InvalidSecurityTokenError(`the JWT header parameter ${name} is refused`);
  }
  const kid = header['kid'];
  if (kid === undefined) return { alg: alg as VerificationAlgorithm };
  if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) {
    throw new InvalidSecurityTokenError(`the JWT kid ${quoteForLog(typeof kid === 'string' ? kid : JSON.stringify(kid))} is not a plain key identifier`);
  }
  return { alg: alg as VerificationAlgorithm, kid };
}
