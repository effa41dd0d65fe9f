/**
 * `@sts/oauth-bearer-processor`: validates an OAuth 2.0 bearer access token (PingFederate's OAuth Bearer
 * Access Token processor, pingfederate-sts.md section 6.1), sent as a wsse:BinarySecurityToken of value type
 * `urn:pingidentity.com:oauth2:grant_type:validate_bearer` or `urn:ietf:params:oauth:token-type:access_token`,
 * or as an OAuth token-exchange subject token of the access-token type.
 * @public
 */
import { defineTokenProcessor, services, TokenType } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import { configSchema, type OAuthBearerProcessorConfig } from './config-schema.js';
import { createOAuthBearerProcessor } from './create-oauth-bearer-processor.js';

export type { AccessTokenAlgorithm, IntrospectionConfig, JwtAccessTokenConfig, OAuthBearerProcessorConfig } from './config-schema.js';
export { configSchema } from './config-schema.js';
export { createOAuthBearerProcessor } from './create-oauth-bearer-processor.js';

const deps = { clock: services.clock, stsIdentity: services.stsIdentity };

export default defineTokenProcessor<OAuthBearerProcessorConfig, typeof deps>({
  id: 'oauth-bearer-processor',
  apiVersion: 1,
  tokenTypes: [TokenType.AccessToken, TokenType.ValidateBearer],
  accepts: [
    { tokenType: TokenType.ValidateBearer, namespaceUri: NS.wsse, localName: 'BinarySecurityToken', valueType: TokenType.ValidateBearer },
    { tokenType: TokenType.AccessToken, namespaceUri: NS.wsse, localName: 'BinarySecurityToken', valueType: TokenType.AccessToken },
  ],
  configSchema,
  deps,
  create: ({ config, clock, stsIdentity }) => createOAuthBearerProcessor({ config, clock, stsIdentity }),
});
