/**
 * `POST /as/introspect.oauth2` (RFC 7662): an authenticated client (the same clients and methods as the
 * token endpoint, section 2.1) asks whether an access token is active. Our own access tokens only; the
 * answer for anything else, expired or not ours, is `{"active": false}` with nothing more (section 2.2).
 * `Cache-Control: no-store`, as for the token endpoint: the answer carries the token's claims.
 */
import type { Middleware } from 'koa';
import type { Clock, SigningKeys } from '@sts/sdk';
import { introspectAccessToken } from './introspect-access-token.js';
import type { OAuthClients } from './oauth-clients.js';
import { required, type FormState } from './read-form.js';

export interface IntrospectionDeps {
  readonly clients: OAuthClients;
  readonly keys: SigningKeys;
  readonly issuer: string;
  readonly clock: Clock;
}

export function introspectionEndpoint(deps: IntrospectionDeps): Middleware<FormState> {
  return async (ctx) => {
    const { form } = ctx.state;
    ctx.state.operation = 'introspect';
    const now = deps.clock.now();
    await deps.clients.authenticate({ authorization: ctx.get('authorization') || undefined, form, now });
    const token = required(form, 'token');
    // token_type_hint (section 2.1) may be ignored: we only know access tokens.
    const claims = await introspectAccessToken(token, { keys: deps.keys, issuer: deps.issuer, now });
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Pragma', 'no-cache');
    ctx.body = JSON.stringify(
      claims === undefined
        ? { active: false }
        : {
            active: true,
            token_type: 'Bearer',
            client_id: claims['client_id'],
            sub: claims.sub,
            aud: claims.aud,
            iss: claims.iss,
            exp: claims.exp,
            iat: claims.iat,
            ...(claims.nbf === undefined ? {} : { nbf: claims.nbf }),
            jti: claims.jti,
            ...(typeof claims['scope'] === 'string' ? { scope: claims['scope'] } : {}),
            ...(claims['act'] === undefined ? {} : { act: claims['act'] }),
          },
    );
  };
}
