/**
 * A JWT access token (RFC 9068 section 4) checked with jose under security-rules.md section 3.4: explicit
 * algorithm allow-list, keys from the configured JWKS only (by kid; jku, x5u, jwk and x5c are never used),
 * `typ` at+jwt (so an ID token or another JWT cannot stand in), the configured issuer, one of the accepted
 * audiences, and exp, iat and sub present.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { InvalidSecurityTokenError } from '@sts/sdk';
import type { JwtAccessTokenConfig } from './config-schema.js';

export interface JwtCheck {
  readonly config: JwtAccessTokenConfig;
  readonly keys: JWTVerifyGetKey;
  readonly audiences: readonly string[];
  readonly clockSkewSeconds: number;
  readonly now: Date;
}

export async function checkJwtAccessToken(token: string, check: JwtCheck): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, check.keys, {
      algorithms: [...check.config.algorithms],
      issuer: check.config.issuer,
      audience: [...check.audiences],
      typ: 'at+jwt',
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      clockTolerance: check.clockSkewSeconds,
      currentDate: check.now,
      crit: {},
    });
    return payload;
  } catch (error) {
    const code = error instanceof joseErrors.JOSEError ? error.code : 'error';
    throw new InvalidSecurityTokenError(`the access token is refused (${code})`, { cause: error });
  }
}
