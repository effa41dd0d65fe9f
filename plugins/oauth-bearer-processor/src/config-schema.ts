/**
 * The instance config of the OAuth bearer access-token processor: exactly one way to check a token, a JWT
 * access token against the authorization server's keys (RFC 9068) or an opaque one by introspection at the
 * authorization server (RFC 7662). The kernel validates it with its strict ajv instance.
 */
import type { ConfigSchema } from '@sts/sdk';

/** JWS algorithms accepted for a JWT access token (security-rules.md section 3.4). @public */
export type AccessTokenAlgorithm = 'RS256' | 'PS256' | 'ES256';

/** RFC 9068: a JWT access token checked locally. @public */
export interface JwtAccessTokenConfig {
  readonly issuer: string;
  readonly jwksFile?: string;
  readonly jwksUrl?: string;
  /** Audiences the token must name one of (the STS's identifiers when empty). */
  readonly audiences: readonly string[];
  readonly algorithms: readonly AccessTokenAlgorithm[];
}

/** RFC 7662: an opaque token checked at the authorization server. @public */
export interface IntrospectionConfig {
  readonly endpoint: string;
  readonly clientId: string;
  /** A file holding the client secret (kept out of plugins.json). */
  readonly clientSecretFile: string;
  readonly timeoutSeconds: number;
}

/** The config `create()` receives, after defaults. @public */
export interface OAuthBearerProcessorConfig {
  readonly jwt?: JwtAccessTokenConfig;
  readonly introspection?: IntrospectionConfig;
  readonly clockSkewSeconds: number;
  readonly maxTokenBytes: number;
}

const url = { type: 'string', pattern: '^https?://[^#]+$' };

/** JSON Schema of {@link OAuthBearerProcessorConfig}. @public */
export const configSchema: ConfigSchema = Object.freeze({
  type: 'object',
  title: 'OAuth bearer access-token processor',
  description: 'Validates an OAuth 2.0 access token: a JWT (RFC 9068) against the authorization server\'s keys, or any token by RFC 7662 introspection.',
  additionalProperties: false,
  // strictRequired: ajv wants each required name declared in the same schema object.
  oneOf: [{ properties: { jwt: true }, required: ['jwt'] }, { properties: { introspection: true }, required: ['introspection'] }],
  properties: {
    jwt: {
      type: 'object', additionalProperties: false, required: ['issuer'], title: 'JWT access tokens (RFC 9068)',
      description: 'Check the token locally: typ at+jwt, the issuer, an audience, exp, signed by a key of jwksFile or jwksUrl.',
      oneOf: [{ properties: { jwksFile: true }, required: ['jwksFile'] }, { properties: { jwksUrl: true }, required: ['jwksUrl'] }],
      properties: {
        issuer: { type: 'string', minLength: 1, description: 'The authorization server\'s issuer (iss)' },
        jwksFile: { type: 'string', minLength: 1, description: 'JWKS file of the authorization server' },
        jwksUrl: { ...url, description: 'JWKS URL of the authorization server (https; http only on loopback)' },
        audiences: { type: 'array', items: { type: 'string', minLength: 1 }, default: [], description: 'Accepted audiences; empty: the STS identifiers' },
        algorithms: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['RS256', 'PS256', 'ES256'] }, default: ['RS256'], description: 'Accepted JWS algorithms' },
      },
    },
    introspection: {
      type: 'object', additionalProperties: false, required: ['endpoint', 'clientId', 'clientSecretFile'], title: 'Introspection (RFC 7662)',
      description: 'Ask the authorization server whether the token is active, authenticating with client_secret_basic.',
      properties: {
        endpoint: { ...url, description: 'Introspection endpoint (https; http only on loopback)' },
        clientId: { type: 'string', minLength: 1, description: 'Our client id at the authorization server' },
        clientSecretFile: { type: 'string', minLength: 1, description: 'File holding our client secret' },
        timeoutSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 30, default: 5, description: 'Give up (and refuse the token) after this' },
      },
    },
    clockSkewSeconds: { type: 'integer', minimum: 0, maximum: 60, default: 30, description: 'Tolerance on exp, nbf and iat' },
    maxTokenBytes: { type: 'integer', minimum: 256, maximum: 65536, default: 8192, description: 'Longest accepted token' },
  },
});
