/**
 * The JWT claims set for one issue request (RFC 7519 section 4.1, and RFC 9068 section 2.2 for `client_id`).
 */
import { RequestFailedError, type IssueRequest } from '@sts/sdk';

/**
 * Claim names the generator sets itself. A mapped attribute with one of these names is refused instead of
 * silently overriding or being overridden: `typ` is a header parameter, but a `typ` claim would still confuse
 * a relying party that reads it from the claims set.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'typ', 'client_id']);

/** The JWT claims the generator writes. */
export type JwtClaims = Record<string, string | number | string[]>;

/** What the claims are built from besides the request. */
export interface ClaimsOptions {
  readonly jti: string;
  readonly clientId?: string;
}

/** Builds the claims set, or throws `RequestFailedError` naming an attribute that collides with a claim. */
export function buildClaims(request: IssueRequest, options: ClaimsOptions): JwtClaims {
  const claims: JwtClaims = Object.create(null) as JwtClaims;
  for (const [name, values] of Object.entries(request.attributes)) {
    if (RESERVED_CLAIMS.has(name)) {
      throw new RequestFailedError(`attribute ${JSON.stringify(name)} collides with the registered JWT claim of that name`);
    }
    // An attribute without values has nothing to say; an absent claim is how JWT says that.
    if (values.length === 0) continue;
    claims[name] = values.length === 1 ? values[0]! : [...values];
  }
  // RFC 7519 section 4.1: NumericDate is seconds since the epoch; fractions are dropped as in the SAML generators.
  claims['iss'] = request.issuer;
  claims['sub'] = request.subject.name;
  claims['aud'] = request.appliesTo;
  claims['iat'] = seconds(request.issuedAt);
  claims['nbf'] = seconds(request.notBefore);
  claims['exp'] = seconds(request.notOnOrAfter);
  claims['jti'] = options.jti;
  if (options.clientId !== undefined) claims['client_id'] = options.clientId;
  return claims;
}

/** A Date as an RFC 7519 NumericDate (whole seconds). */
export function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
