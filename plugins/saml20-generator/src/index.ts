/**
 * `@sts/saml20-generator`: issues signed SAML 2.0 assertions for the SAML 2.0 token types (the SAML
 * namespace URI, which MSAL and AD FS clients ask for, and the WSS SAML Token Profile 1.1 URI).
 * @public
 */
import { defineTokenGenerator, services, TokenType } from '@sts/sdk';
import { configSchema, type Saml20GeneratorConfig } from './config-schema.js';
import { createSaml20Generator } from './create-saml20-generator.js';

export type { Saml20GeneratorConfig } from './config-schema.js';

const deps = { signer: services.xmlSigner, clock: services.clock };

export default defineTokenGenerator<Saml20GeneratorConfig, typeof deps>({
  id: 'saml20-generator',
  apiVersion: 1,
  // The RFC 7522 grant type: a bearer assertion whose Audience and Recipient are the AppliesTo, which the
  // client sets to the authorization server's token endpoint (RFC 7522 section 3, items 3 and 4).
  tokenTypes: [TokenType.Saml20, TokenType.Saml20Profile, TokenType.Saml2BearerGrant],
  configSchema,
  deps,
  create: ({ config, signer, clock }) => createSaml20Generator({ config, signer, clock }),
});
