/**
 * The JWT claims set for one issue request (RFC 7519 section 4.1, and RFC 9068 section 2.2 for `client_id`).
 */
import { RequestFailedError, type IssueRequest } from '@sts/sdk';

/**
 * Claim names the generator sets itself. A mapped attribute with one of these names is refused instead of
 * silently overriding or being overridden: `typ` is a header parameter, but a `typ` claim would still confuse
 * a relying party that reads it from the claims set.
 */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'typ', 'client_id', 'scope', 'act']);

/** The JWT claims the generator writes. */
export type JwtClaims = Record<string, string | number | string[] | Record<string, string>>;

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
  // The OAuth client of the request wins over the instance's configured one (RFC 9068 section 2.2).
  const clientId = request.clientId ?? options.clientId;
  if (clientId !== undefined) claims['client_id'] = clientId;
  // RFC 9068 section 2.2.3 and RFC 8693 section 4.2: scope is one space-separated string.
  if (request.scope !== undefined && request.scope.length > 0) claims['scope'] = request.scope.join(' ');
  // RFC 8693 section 4.1: the actor of a delegation, identified by its sub (and iss, when known).
  if (request.actor !== undefined) {
    claims['act'] = { sub: request.actor.subject, ...(request.actor.issuer === undefined ? {} : { iss: request.actor.issuer }) };
  }
  return claims;
}

/** A Date as an RFC 7519 NumericDate (whole seconds). */
export function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
