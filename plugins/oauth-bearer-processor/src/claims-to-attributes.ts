/**
 * The processor's result from a token's claims (JWT or introspection response): the subject (`sub`, or an
 * introspection answer's `username` when it has no sub), `scope` split into values (RFC 6749 section 3.3),
 * and every other claim with a string, number or boolean value (or an array of them) as an attribute; the
 * RFC 8693 `act` claim of a delegated token becomes `actor` (refused in a WS-Trust delegation chain).
 */
import { InvalidSecurityTokenError, readActClaim, type ProcessedToken } from '@sts/sdk';

const NOT_ATTRIBUTES = new Set(['active', 'exp', 'iat', 'nbf']);

export function claimsToProcessed(claims: Record<string, unknown>): ProcessedToken {
  const subject = typeof claims['sub'] === 'string' && claims['sub'] !== '' ? claims['sub'] : claims['username'];
  if (typeof subject !== 'string' || subject === '') throw new InvalidSecurityTokenError('the access token names no subject');
  const attributes: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (NOT_ATTRIBUTES.has(name)) continue;
    if (name === 'scope' && typeof value === 'string') {
      attributes['scope'] = Object.freeze(value.split(' ').filter((s) => s !== ''));
      continue;
    }
    const values = (Array.isArray(value) ? value : [value]).filter((v) => ['string', 'number', 'boolean'].includes(typeof v)).map(String);
    if (values.length > 0) attributes[name] = Object.freeze(values);
  }
  const actor = readActClaim(claims['act']);
  const exp = claims['exp'];
  const iat = claims['iat'];
  return Object.freeze({
    subject,
    attributes: Object.freeze(attributes),
    ...(typeof iat === 'number' ? { authnInstant: new Date(iat * 1000) } : {}),
    ...(typeof claims['iss'] === 'string' ? { issuer: claims['iss'] } : {}),
    ...(typeof claims['jti'] === 'string' ? { tokenId: claims['jti'] } : {}),
    ...(typeof exp === 'number' ? { expires: new Date(exp * 1000) } : {}),
    ...(actor === undefined ? {} : { actor }),
  });
}
