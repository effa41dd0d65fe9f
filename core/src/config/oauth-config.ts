/**
 * The `oauth` part of the kernel config: the OAuth face's clients and token-exchange policies
 * (pingfederate-sts.md section 6.3). A policy names, per OAuth token-type URI, the processor instance that
 * takes a subject or actor token and the generator instance that makes a requested token; the SP connection
 * the audience or resource selects still decides attributes, lifetime and the token types it allows.
 */
import { GRANT_TYPES } from './grant-types.js';

import { str, type FromConfigSchema } from './schema-helpers.js';

/** The `oauth` config after defaults, derived from {@link oauthConfigSchema}. */
export type OAuthConfig = FromConfigSchema<typeof oauthConfigSchema>;
export type OAuthClient = OAuthConfig['clients'][number];
export type ClientAuthMethod = OAuthClient['authMethods'][number];
export type TokenExchangePolicy = OAuthConfig['tokenExchangePolicies'][number];
/** An OAuth token type → the plug-in instance for it and the token type the instance is asked for. */
export type ProcessorChoice = TokenExchangePolicy['subjectTokens'][number];
export type GeneratorChoice = TokenExchangePolicy['requestedTokens'][number];

const id = str('Id', { pattern: '^[A-Za-z0-9._:-]{1,128}$' });

const processorChoice = {
  type: 'object', additionalProperties: false, required: ['tokenType', 'processor'],
  properties: {
    tokenType: str('OAuth token-type URI of the token (RFC 8693 section 3)', { minLength: 1 }),
    processor: str('Processor instance id (plugins.json)', { minLength: 1 }),
    processorTokenType: str('The token type the processor claims, when it differs from tokenType (the SAML assertion namespace URI for ...:saml2)', { minLength: 1 }),
  },
} as const;

/** JSON Schema of {@link OAuthConfig}. */
export const oauthConfigSchema = {
  type: 'object', additionalProperties: false, default: {},
  description: 'The OAuth face (/as/token.oauth2): clients and token-exchange policies. No client: every token request is refused.',
  properties: {
    issuer: str('Issuer identifier of the authorization server (RFC 8414); default: the first public origin', { pattern: '^https?://[^?#]+$' }),
    clientAssertionMaxLifetimeSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 300, description: 'Longest lifetime (exp minus now) of a private_key_jwt client assertion' },
    clients: {
      type: 'array', default: [], description: 'OAuth clients',
      items: {
        type: 'object', additionalProperties: false, required: ['clientId', 'authMethods', 'grantTypes', 'policy'],
        properties: {
          // RFC 6749 appendix A.1: client_id is VSCHAR*; a colon would break Basic authentication.
          clientId: str('client_id (printable ASCII, no colon)', { pattern: '^[\\x21-\\x39\\x3b-\\x7e]{1,128}$' }),
          name: str('Display name', { default: '' }),
          authMethods: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] }, description: 'Token endpoint authentication methods (RFC 8414 token_endpoint_auth_methods_supported)' },
          secretHash: str('scrypt hash of the client secret (`npm run sts -- client-secret`); required for the client_secret methods', { pattern: '^scrypt\\$' }),
          jwksFile: str('JWKS file with the public keys of private_key_jwt'),
          certificateFile: str('PEM certificate whose key signs private_key_jwt assertions'),
          grantTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...GRANT_TYPES] }, description: 'Grant types the client may use' },
          policy: str('Id of the token-exchange policy for this client'),
          scopes: { type: 'array', items: { type: 'string', pattern: '^[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,128}$' }, default: [], description: 'Scope values the client may ask for (RFC 6749 section 3.3)' },
        },
      },
    },
    tokenExchangePolicies: {
      type: 'array', default: [], description: 'Which processor takes each subject and actor token type and which generator makes each requested token type',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'subjectTokens', 'requestedTokens', 'defaultRequestedTokenType'],
        properties: {
          id,
          name: str('Display name', { default: '' }),
          subjectTokens: { type: 'array', minItems: 1, items: processorChoice, description: 'subject_token_type → processor instance' },
          actorTokens: { type: 'array', items: processorChoice, default: [], description: 'actor_token_type → processor instance; empty: delegation refused' },
          requestedTokens: {
            type: 'array', minItems: 1, description: 'requested_token_type → generator instance',
            items: {
              type: 'object', additionalProperties: false, required: ['tokenType', 'generator'],
              properties: {
                tokenType: str('OAuth token-type URI asked for', { minLength: 1 }),
                generator: str('Generator instance id (plugins.json)', { minLength: 1 }),
                generatorTokenType: str('The token type the generator claims and the SP connection allows, when it differs', { minLength: 1 }),
              },
            },
          },
          defaultRequestedTokenType: str('Issued when the request names no requested_token_type', { minLength: 1 }),
          defaultAudience: str('Audience when the request names no audience or resource (the assertion grants)', { minLength: 1 }),
        },
      },
    },
  },
} as const;
