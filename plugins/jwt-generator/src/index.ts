/**
 * `@sts/jwt-generator`: issues signed JSON Web Tokens (RFC 7519) for the JWT token type
 * (`urn:ietf:params:oauth:token-type:jwt`, RFC 8693 section 3) and for the RFC 7523 grant
 * (`urn:ietf:params:oauth:grant-type:jwt-bearer`), either plain (`typ: JWT`), or access tokens
 * (`urn:ietf:params:oauth:token-type:access_token`) in the RFC 9068 profile (`typ: at+jwt`).
 * @public
 */
import { defineTokenGenerator, services, TokenType } from '@sts/sdk';
import { configSchema, type JwtGeneratorConfig } from './config-schema.js';
import { createJwtGenerator } from './create-jwt-generator.js';

export type { JwtGeneratorConfig, JwtProfile, JwtSigningAlgorithm } from './config-schema.js';
export { configSchema } from './config-schema.js';

const deps = { keys: services.signingKeys, clock: services.clock };

export default defineTokenGenerator<JwtGeneratorConfig, typeof deps>({
  id: 'jwt-generator',
  apiVersion: 1,
  // An access token only from an instance with profile at+jwt (create-jwt-generator.ts refuses it otherwise);
  // an instance narrows what it claims with `tokenTypes` in plugins.json.
  tokenTypes: [TokenType.Jwt, TokenType.JwtBearerGrant, TokenType.AccessToken],
  configSchema,
  deps,
  create: ({ config, keys, clock }) => createJwtGenerator({ config, keys, clock }),
});
