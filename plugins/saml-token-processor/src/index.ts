/**
 * `@sts/saml-token-processor`: validates a signed SAML 2.0 or SAML 1.1 assertion presented in the
 * `wsse:Security` header (or as a Validate target), issued by a trusted issuer (an IdP connection), and returns
 * its subject and attributes, read only from what the issuer signed.
 * @public
 */
import { defineTokenProcessor, services, TokenType } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import { configSchema, type SamlTokenProcessorConfig } from './config-schema.js';
import { createSamlTokenProcessor } from './create-saml-token-processor.js';

export type { SamlTokenProcessorConfig } from './config-schema.js';
export { configSchema } from './config-schema.js';
export { REPLAY_NAMESPACE } from './create-saml-token-processor.js';

const deps = {
  clock: services.clock,
  stateStore: services.stateStore,
  trustedIssuers: services.trustedIssuers,
  stsIdentity: services.stsIdentity,
};

export default defineTokenProcessor<SamlTokenProcessorConfig, typeof deps>({
  id: 'saml-token-processor',
  apiVersion: 1,
  tokenTypes: [TokenType.Saml20, TokenType.Saml11],
  accepts: [
    // verifiesMessageSignature: a SAML 2.0 holder-of-key assertion is proven by a message signature made with
    // its confirmation key (prove-holder-of-key.ts); any other signed message is refused by the processor.
    { tokenType: TokenType.Saml20, namespaceUri: NS.saml2, localName: 'Assertion', verifiesMessageSignature: true },
    { tokenType: TokenType.Saml11, namespaceUri: NS.saml1, localName: 'Assertion' },
  ],
  configSchema,
  deps,
  create: ({ config, clock, stateStore, trustedIssuers, stsIdentity }) =>
    createSamlTokenProcessor({ config, clock, stateStore, trustedIssuers, stsIdentity }),
});
