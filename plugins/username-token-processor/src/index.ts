/**
 * `@sts/username-token-processor`: validates a WS-Security UsernameToken (UsernameToken Profile 1.0/1.1,
 * PasswordText or PasswordDigest) against a credential source (a users file, or an LDAP directory for
 * PasswordText), and returns the user as the subject with the attributes the source holds.
 * @public
 */
import { defineTokenProcessor, services, TokenType } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import { configSchema, type UsernameTokenProcessorConfig } from './config-schema.js';
import { createUsernameTokenProcessor } from './create-username-token-processor.js';

export type { LdapSourceConfig, UsernameTokenProcessorConfig } from './config-schema.js';
export { configSchema } from './config-schema.js';
export { hashPassword } from './password-hash.js';
export { computePasswordDigest } from './password-digest.js';

const deps = { clock: services.clock, stateStore: services.stateStore };

export default defineTokenProcessor<UsernameTokenProcessorConfig, typeof deps>({
  id: 'username-token-processor',
  apiVersion: 1,
  tokenTypes: [TokenType.UsernameToken],
  accepts: [{ tokenType: TokenType.UsernameToken, namespaceUri: NS.wsse, localName: 'UsernameToken' }],
  configSchema,
  deps,
  create: (context) => createUsernameTokenProcessor(context),
});
