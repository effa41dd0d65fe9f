/**
 * `@sts/saml11-generator`: issues signed SAML 1.1 assertions for the SAML 1.1 token types (the SAML 1.0
 * namespace URI, which MSAL and AD FS clients ask for, and the WSS SAML Token Profile 1.1 URI).
 * @public
 */
import { defineTokenGenerator, services, TokenType } from '@sts/sdk';
import { configSchema, type Saml11GeneratorConfig } from './config-schema.js';
import { createSaml11Generator } from './create-saml11-generator.js';

export type { Saml11GeneratorConfig } from './config-schema.js';

const deps = { signer: services.xmlSigner, clock: services.clock };

export default defineTokenGenerator<Saml11GeneratorConfig, typeof deps>({
  id: 'saml11-generator',
  apiVersion: 1,
  tokenTypes: [TokenType.Saml11, TokenType.Saml11Profile],
  configSchema,
  deps,
  create: ({ config, signer, clock }) => createSaml11Generator({ config, signer, clock }),
});
