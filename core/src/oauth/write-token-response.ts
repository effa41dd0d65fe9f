/**
 * The successful token response (RFC 8693 section 2.2.1, RFC 6749 section 5.1): access_token (a SAML
 * assertion base64url-encoded, RFC 8693 section 3), issued_token_type, token_type (`Bearer` for an access
 * token, `N_A` for anything that is not one), expires_in, the scope when one was asked for, and
 * `Cache-Control: no-store` so no cache keeps the token.
 */
import type { Context } from 'koa';
import type { IssuedToken } from '@sts/sdk';
import { ACCESS_TOKEN_TYPE } from './oauth-token-types.js';

export interface TokenResponseInput {
  readonly issued: IssuedToken;
  readonly issuedTokenType: string;
  readonly now: Date;
  readonly scope?: readonly string[];
}

export function writeTokenResponse(ctx: Context, { issued, issuedTokenType, now, scope }: TokenResponseInput): void {
  const accessToken = issued.text ?? Buffer.from(issued.xml ?? '', 'utf8').toString('base64url');
  if (accessToken === '') throw new Error('the generator returned neither text nor xml');
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
  ctx.body = JSON.stringify({
    access_token: accessToken,
    issued_token_type: issuedTokenType,
    token_type: issuedTokenType === ACCESS_TOKEN_TYPE ? 'Bearer' : 'N_A',
    expires_in: Math.max(0, Math.floor((issued.expires.getTime() - now.getTime()) / 1000)),
    ...(scope === undefined ? {} : { scope: scope.join(' ') }),
  });
}
