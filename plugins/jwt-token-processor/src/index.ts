/**
 * `@sts/jwt-token-processor`: validates a JSON Web Token (RFC 7519) sent as a wsse:BinarySecurityToken
 * whose ValueType is the JWT token type (`urn:ietf:params:oauth:token-type:jwt`, RFC 8693 section 3),
 * following the JWT best current practices of RFC 8725, and returns its subject and claims.
 * @public
 */
import { defineTokenProcessor, NS, services, TokenType } from '@sts/sdk';
import { configSchema, type JwtTokenProcessorConfig } from './config-schema.js';
import { createJwtTokenProcessor } from './create-jwt-token-processor.js';

export type { JwtIssuerConfig, JwtTokenProcessorConfig, VerificationAlgorithm } from './config-schema.js';
export { configSchema, VERIFICATION_ALGORITHMS } from './config-schema.js';

const deps = { clock: services.clock, stsIdentity: services.stsIdentity, stateStore: services.stateStore };

export default defineTokenProcessor<JwtTokenProcessorConfig, typeof deps>({
  id: 'jwt-token-processor',
  apiVersion: 1,
  tokenTypes: [TokenType.Jwt],
  accepts: [{ tokenType: TokenType.Jwt, namespaceUri: NS.wsse, localName: 'BinarySecurityToken', valueType: TokenType.Jwt }],
  configSchema,
  deps,
  create: ({ config, logger, clock, stsIdentity, stateStore }) => createJwtTokenProcessor({ config, logger, clock, stsIdentity, stateStore }),
});
