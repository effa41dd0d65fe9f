/**
 * The instance config of the JWT generator. The kernel validates it with its strict ajv instance (unknown
 * keys rejected, defaults applied, result frozen); the README table is written from this schema.
 */
import type { ConfigSchema } from '@sts/sdk';

/** The JWS algorithms the generator signs with (security-rules.md section 3.4: RS256/PS256/ES256 only). @public */
export type JwtSigningAlgorithm = 'RS256' | 'PS256' | 'ES256';

/** `jwt`: a plain RFC 7519 token (`typ: JWT`); `at+jwt`: the RFC 9068 access-token profile. @public */
export type JwtProfile = 'jwt' | 'at+jwt';

/** The config `create()` receives, after defaults. @public */
export interface JwtGeneratorConfig {
  readonly algorithm: JwtSigningAlgorithm;
  readonly profile: JwtProfile;
  /** The signing key to use; when absent, the connection's `signingKeyId` or the active key. */
  readonly kid?: string;
  /** The `client_id` claim (RFC 9068 section 2.2); required with profile `at+jwt`. */
  readonly clientId?: string;
}

/** JSON Schema of {@link JwtGeneratorConfig}. @public */
export const configSchema: ConfigSchema = Object.freeze({
  type: 'object',
  title: 'JWT generator',
  description: 'Issues signed JSON Web Tokens (RFC 7519).',
  additionalProperties: false,
  properties: {
    algorithm: {
      type: 'string',
      enum: ['RS256', 'PS256', 'ES256'],
      default: 'RS256',
      title: 'Signature algorithm',
      description:
        'JWS alg (RFC 7518 section 3.1). RS256 and PS256 need an RSA signing key of at least 2048 bits, ES256 an EC P-256 key.',
    },
    profile: {
      type: 'string',
      enum: ['jwt', 'at+jwt'],
      default: 'jwt',
      title: 'Profile',
      description:
        'jwt: a plain JWT with typ "JWT" (RFC 7519 section 5.1); at+jwt: an access token with typ "at+jwt" and a client_id claim (RFC 9068).',
    },
    kid: {
      type: 'string',
      minLength: 1,
      title: 'Signing key id',
      description:
        "The kid of the STS signing key to sign with. When absent: the connection's signing key, else the active key.",
    },
    clientId: {
      type: 'string',
      minLength: 1,
      title: 'Client id',
      description: 'Value of the client_id claim (RFC 9068 section 2.2). Required with profile at+jwt; also written with profile jwt when set.',
    },
  },
  if: { properties: { profile: { const: 'at+jwt' } }, required: ['profile'] },
  // strictRequired: ajv wants every required name declared in the same schema object.
  then: { properties: { clientId: true }, required: ['clientId'] },
});
