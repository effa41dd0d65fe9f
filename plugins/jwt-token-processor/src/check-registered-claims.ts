/**
 * The registered claims of a verified JWT (RFC 7519 section 4.1, section 7.2 step 10; RFC 8725 sections 3.8
 * and 3.9), checked after the signature, as jose's `jwtVerify` checked them before issue 12 (the messages keep
 * its wording, so logs read the same):
 *
 * - `iss`, `aud`, `exp`, `iat` and `sub` present;
 * - `iss` the issuer whose key verified the signature;
 * - `aud` a string or a non-empty array of strings, one of them an audience of this STS;
 * - `exp`, `iat` and `nbf` (when present) numbers; `exp` after now, `nbf` not after now, each with the
 *   configured clock skew of tolerance;
 * - the header `typ`, when the configuration requires one, equal to it ignoring case and an `application/`
 *   prefix (RFC 8725 section 3.11; RFC 7515 section 4.1.9 recommends omitting the prefix).
 *
 * Times are whole seconds since the epoch (RFC 7519 section 2 NumericDate); now is the clock's, rounded down.
 */
import { InvalidSecurityTokenError } from '@sts/sdk';

/** What the claims must agree with. */
export interface ClaimExpectations {
  readonly iss: string;
  readonly audiences: readonly string[];
  readonly now: Date;
  readonly clockSkewSeconds: number;
  readonly requiredType?: string;
}

const REQUIRED = ['iss', 'aud', 'exp', 'iat', 'sub'] as const;

/** Throws `InvalidSecurityTokenError` naming the first claim that fails. */
export function checkRegisteredClaims(
  header: Readonly<Record<string, unknown>>,
  claims: Readonly<Record<string, unknown>>,
  expected: ClaimExpectations,
): void {
  if (expected.requiredType !== undefined) {
    const typ = header['typ'];
    if (typeof typ !== 'string' || normalizeTyp(typ) !== normalizeTyp(expected.requiredType)) refuse('unexpected "typ" JWT header value');
  }
  for (const name of REQUIRED) if (claims[name] === undefined) refuse(`missing required "${name}" claim`);
  if (claims['iss'] !== expected.iss) refuse('unexpected "iss" claim value');
  const aud = claims['aud'];
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string') ? (aud as string[]) : undefined;
  if (audiences === undefined) refuse('"aud" claim must be a string or a non-empty array of strings');
  if (!audiences.some((a) => expected.audiences.includes(a))) refuse('unexpected "aud" claim value');

  const now = Math.floor(expected.now.getTime() / 1000);
  const skew = expected.clockSkewSeconds;
  const exp = numericDate(claims, 'exp')!;
  numericDate(claims, 'iat');
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && nbf > now + skew) refuse('"nbf" claim timestamp check failed');
  if (exp <= now - skew) refuse('"exp" claim timestamp check failed');
}

/** A NumericDate claim: undefined when absent, else a finite number. */
function numericDate(claims: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) refuse(`"${name}" claim must be a number`);
  return value;
}

function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

function refuse(reason: string): never {
  throw new InvalidSecurityTokenError(`the JWT is refused: ${reason}`);
}
