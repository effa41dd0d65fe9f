/**
 * Turns the verified claims set into the processor's attribute contract: every claim except the RFC 7519
 * section 4.1 registered ones (which become subject, issuer, token id and times) is an attribute.
 *
 * - a string → one value; a number or boolean → its `String()` form (JSON numbers beyond 2^53 have
 *   already lost precision in `JSON.parse`);
 * - an array of strings, numbers and booleans → one value each (an empty array → an attribute with no values);
 * - an object, `null`, or an array holding any of those → skipped (not refused): structured claims such as
 *   OpenID Connect `address` or RFC 7800 `cnf` have no multi-valued string form, and refusing them would
 *   refuse otherwise valid tokens. The names skipped are returned for the log.
 */
import type { Attributes } from '@sts/sdk';

/** The RFC 7519 section 4.1 claims; they are never attributes. */
export const REGISTERED_CLAIMS: ReadonlySet<string> = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);

/** The attributes and the names of the claims skipped. */
export function claimsToAttributes(claims: Readonly<Record<string, unknown>>): { attributes: Attributes; skipped: string[] } {
  const entries: [string, readonly string[]][] = [];
  const skipped: string[] = [];
  for (const [name, value] of Object.entries(claims)) {
    if (REGISTERED_CLAIMS.has(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.every(isScalar)) entries.push([name, Object.freeze(values.map(String))]);
    else skipped.push(name);
  }
  // fromEntries defines own properties, so a claim named "__proto__" stays an ordinary attribute.
  return { attributes: Object.freeze(Object.fromEntries(entries)), skipped };
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
