/**
 * Whether an access token is one this STS issued and still valid (RFC 7662 section 2.2): a compact JWS of
 * the RFC 9068 profile (`typ: at+jwt`), signed by one of our keys (found by kid, never from the token),
 * with our issuer, unexpired. Anything else, including a token of another issuer or one we cannot parse,
 * is simply not active: the answer never says why (RFC 7662 section 2.2 and section 4).
 */
import { jwtVerify, type JWTPayload } from 'jose';
import type { SigningKeys } from '@sts/sdk';

const ALGORITHMS = ['RS256', 'PS256', 'ES256'];
const MAX_BYTES = 8192;

export interface IntrospectionCheck {
  readonly keys: SigningKeys;
  readonly issuer: string;
  readonly now: Date;
}

/** The verified claims of an active token, or undefined. */
export async function introspectAccessToken(token: string, check: IntrospectionCheck): Promise<JWTPayload | undefined> {
  if (token.length > MAX_BYTES) return undefined;
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = check.keys.all().find((k) => k.kid === header.kid);
        if (!key) throw new Error('not one of our keys');
        return key.publicKey;
      },
      {
        algorithms: ALGORITHMS,
        issuer: check.issuer,
        typ: 'at+jwt',
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
        currentDate: check.now,
        crit: {},
      },
    );
    return payload;
  } catch {
    return undefined;
  }
}
