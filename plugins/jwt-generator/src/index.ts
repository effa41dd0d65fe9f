/**
 * `@sts/jwt-generator`: issues signed JSON Web Tokens (RFC 7519) for the JWT token type
 * (`urn:ietf:params:oauth:token-type:jwt`, RFC 8693 section 3), either plain (`typ: JWT`) or in the
 * RFC 9068 access-token profile (`typ: at+jwt`).
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
  tokenTypes: [TokenType.Jwt],
  configSchema,
  deps,
  create: ({ config, keys, clock }) => createJwtGenerator({ config, keys, clock }),
});
