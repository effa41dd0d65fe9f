/**
 * `GET /.well-known/oauth-authorization-server` (RFC 8414 section 3): what a client needs to find and use the
 * token endpoint. Built once at boot from the config; `grant_types_supported` and
 * `token_endpoint_auth_methods_supported` list what some configured client may use, nothing more.
 */
import type { Middleware } from 'koa';
import { JWKS_PATH } from '../http/jwks.js';
import type { OAuthConfig } from '../config/oauth-config.js';
import { INTROSPECTION_PATH, TOKEN_ENDPOINT_PATH } from './paths.js';

export interface MetadataInput {
  readonly oauth: OAuthConfig;
  /** Where clients reach us; the first is the one advertised. */
  readonly origin: string;
}

/** The issuer identifier: configured, or the origin (RFC 8414 section 2: https, no query or fragment). */
export function asIssuer({ oauth, origin }: MetadataInput): string {
  return oauth.issuer ?? origin;
}

export function authorizationServerMetadata(input: MetadataInput): Record<string, unknown> {
  const { oauth, origin } = input;
  const methods = [...new Set(oauth.clients.flatMap((c) => c.authMethods))];
  return {
    issuer: asIssuer(input),
    token_endpoint: `${origin}${TOKEN_ENDPOINT_PATH}`,
    jwks_uri: `${origin}${JWKS_PATH}`,
    // No authorization endpoint: this server serves no response_type (RFC 8414 section 2 requires the member).
    response_types_supported: [],
    grant_types_supported: [...new Set(oauth.clients.flatMap((c) => c.grantTypes))],
    token_endpoint_auth_methods_supported: methods,
    ...(methods.includes('private_key_jwt') ? { token_endpoint_auth_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'] } : {}),
    introspection_endpoint: `${origin}${INTROSPECTION_PATH}`,
    introspection_endpoint_auth_methods_supported: methods,
    scopes_supported: [...new Set(oauth.clients.flatMap((c) => c.scopes))],
  };
}

export function metadataHandler(input: MetadataInput): Middleware {
  const body = JSON.stringify(authorizationServerMetadata(input));
  return (ctx) => {
    ctx.type = 'application/json';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = body;
  };
}
