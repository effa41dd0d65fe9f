/**
 * `@sts/x509-token-processor`: authenticates a client by an X.509 certificate in a
 * `wsse:BinarySecurityToken` (WSS X.509 Token Profile 1.1) whose key signed the request (WSS 1.1 message
 * signature over Body and Timestamp, accepted once: a message replay cache), and returns the certificate's
 * subject DN with its attributes.
 * @public
 */
import { defineTokenProcessor, services, TokenType } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import { configSchema, type X509TokenProcessorConfig } from './config-schema.js';
import { createX509TokenProcessor } from './create-x509-token-processor.js';

export type { X509TokenProcessorConfig } from './config-schema.js';
export { configSchema } from './config-schema.js';
export { MESSAGE_REPLAY_NAMESPACE } from './create-x509-token-processor.js';
export { parseNodeDistinguishedName, escapeRfc4514Value } from './parse-node-distinguished-name.js';
export type { DistinguishedName, AttributeTypeAndValue } from './parse-node-distinguished-name.js';

const deps = { clock: services.clock, logger: services.logger, stateStore: services.stateStore };

export default defineTokenProcessor<X509TokenProcessorConfig, typeof deps>({
  id: 'x509-token-processor',
  apiVersion: 1,
  tokenTypes: [TokenType.X509v3],
  accepts: [
    {
      tokenType: TokenType.X509v3,
      namespaceUri: NS.wsse,
      localName: 'BinarySecurityToken',
      valueType: TokenType.X509v3,
      verifiesMessageSignature: true,
    },
  ],
  configSchema,
  deps,
  create: (context) => createX509TokenProcessor(context),
});
