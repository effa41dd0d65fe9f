/**
 * The instance config of the JWT token processor, as a JSON Schema the kernel validates with ajv
 * (`useDefaults`), so `create()` receives every defaulted property filled in.
 *
 * The limits follow security-rules.md section 3.4 (RFC 8725): an explicit algorithm allow-list per issuer,
 * never `none` or HMAC; a clock tolerance of at most 60 s; compact tokens of at most 8 KB by default.
 */
import type { ConfigSchema } from '@sts/sdk';

/** The JWS algorithms an issuer may be trusted for (RFC 7518 section 3.1): asymmetric only. @public */
export const VERIFICATION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'] as const;

/** One of {@link VERIFICATION_ALGORITHMS}. @public */
export type VerificationAlgorithm = (typeof VERIFICATION_ALGORITHMS)[number];

/** A trusted issuer: its exact `iss` value, where its keys come from, and the algorithms it may use. @public */
export interface JwtIssuerConfig {
  readonly issuer: string;
  readonly jwksFile?: string;
  readonly jwksUrl?: string;
  readonly certificateFiles?: readonly string[];
  readonly algorithms: readonly VerificationAlgorithm[];
  readonly jwksCacheSeconds: number;
  readonly jwksTimeoutSeconds: number;
}

/** The validated config `create()` receives (defaults applied). @public */
export interface JwtTokenProcessorConfig {
  readonly issuers: readonly JwtIssuerConfig[];
  readonly audiences: readonly string[];
  readonly clockSkewSeconds: number;
  readonly requiredType?: string;
  readonly maxTokenBytes: number;
}

const issuerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['issuer', 'algorithms'],
  title: 'Trusted issuer',
  description: 'An issuer whose JWTs are accepted, with its keys from exactly one of jwksFile, jwksUrl, certificateFiles.',
  properties: {
    issuer: {
      type: 'string',
      minLength: 1,
      title: 'Issuer',
      description: 'The exact iss value (RFC 7519 section 4.1.1); compared as a case-sensitive string.',
    },
    jwksFile: {
      type: 'string',
      minLength: 1,
      title: 'JWKS file',
      description: "Path of a JSON Web Key Set file (RFC 7517 section 5) with the issuer's public keys, read once at start.",
    },
    jwksUrl: {
      type: 'string',
      pattern: '^https://',
      maxLength: 2048,
      title: 'JWKS URL',
      description: "https URL of the issuer's JSON Web Key Set, fetched when needed and cached; redirects are not followed.",
    },
    certificateFiles: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1 },
      title: 'Certificate files',
      description: "PEM files with the issuer's signing certificates; their SHA-1 and SHA-256 thumbprints (base64url) serve as kid.",
    },
    algorithms: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: [...VERIFICATION_ALGORITHMS] },
      title: 'Algorithms',
      description: 'The JWS alg values accepted from this issuer (RFC 8725 section 3.1). none and HS* can never be listed.',
    },
    jwksCacheSeconds: {
      type: 'integer',
      minimum: 30,
      maximum: 86400,
      default: 300,
      title: 'JWKS cache (s)',
      description: 'How long a fetched jwksUrl key set is used before it is fetched again. Ignored without jwksUrl.',
    },
    jwksTimeoutSeconds: {
      type: 'integer',
      minimum: 1,
      maximum: 30,
      default: 5,
      title: 'JWKS fetch timeout (s)',
      description: 'How long one fetch of jwksUrl may take. Ignored without jwksUrl.',
    },
  },
  oneOf: [
    // strictRequired: ajv wants every required name declared in the same schema object.
    { properties: { jwksFile: true }, required: ['jwksFile'] },
    { properties: { jwksUrl: true }, required: ['jwksUrl'] },
    { properties: { certificateFiles: true }, required: ['certificateFiles'] },
  ],
};

/** JSON Schema of {@link JwtTokenProcessorConfig}. @public */
export const configSchema: ConfigSchema = Object.freeze({
  type: 'object',
  title: 'JWT token processor',
  description: 'Validates a JWT sent in a wsse:BinarySecurityToken.',
  additionalProperties: false,
  required: ['issuers'],
  properties: {
    issuers: {
      type: 'array',
      minItems: 1,
      items: issuerSchema,
      title: 'Trusted issuers',
      description: 'The issuers whose tokens are accepted; the unverified iss only chooses which key set verifies the token.',
    },
    audiences: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', minLength: 1 },
      default: [],
      title: 'Extra audiences',
      description: 'aud values accepted besides the STS identities (entity id and endpoint URLs), which are always accepted.',
    },
    clockSkewSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 60,
      default: 60,
      title: 'Clock skew (s)',
      description: 'Tolerance applied to exp, nbf and iat (security-rules.md section 3.4: at most 60 s).',
    },
    requiredType: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      title: 'Required typ',
      description:
        'When set, the typ header must equal it (RFC 8725 section 3.11, e.g. JWT or at+jwt; compared case-insensitively, with or without application/).',
    },
    maxTokenBytes: {
      type: 'integer',
      minimum: 1024,
      maximum: 65536,
      default: 8192,
      title: 'Maximum token size (bytes)',
      description: 'A compact JWT longer than this is refused before it is decoded.',
    },
  },
});
