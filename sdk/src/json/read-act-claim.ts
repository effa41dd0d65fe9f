/**
 * The actor a delegated token names in its RFC 8693 section 4.1 `act` claim (a JWT claim or an introspection
 * member): an object with `sub` and optionally `iss` (a nested `act` inside it, the earlier actors, is not
 * needed to know that the token is delegated). A processor reports it as `ProcessedToken.actor`, so that the
 * kernel can refuse a delegation chain; an `act` of another shape makes the token invalid.
 * @public
 */
import { InvalidSecurityTokenError } from '../errors.js';

export function readActClaim(act: unknown): { readonly subject: string; readonly issuer?: string } | undefined {
  if (act === undefined) return undefined;
  const { sub, iss } = (typeof act === 'object' && act !== null && !Array.isArray(act) ? act : {}) as { sub?: unknown; iss?: unknown };
  if (typeof sub !== 'string' || sub === '' || (iss !== undefined && typeof iss !== 'string')) {
    throw new InvalidSecurityTokenError('the act claim is not an RFC 8693 actor object');
  }
  return { subject: sub, ...(iss === undefined ? {} : { issuer: iss as string }) };
}
