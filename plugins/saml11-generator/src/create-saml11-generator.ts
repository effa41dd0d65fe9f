/**
 * The running generator: checks the lifetime, builds the assertion, signs it with the kernel's signer
 * (`issueSignedXml`).
 */
import { issueSignedXml, RequestFailedError, TokenType, ValueType, type Clock, type IssuedToken, type IssueRequest, type TokenGenerator, type XmlSigner } from '@sts/sdk';
import { assertXmlSafe, NS } from '@sts/sdk/xml';
import { buildAssertion } from './build-assertion.js';
import type { Saml11GeneratorConfig } from './config-schema.js';

/** What the generator runs with. */
export interface Saml11GeneratorContext {
  readonly config: Readonly<Saml11GeneratorConfig>;
  readonly signer: XmlSigner;
  readonly clock: Clock;
}

/** Creates the generator for one plug-in instance; throws on a configured namespace XML cannot carry. */
export function createSaml11Generator({ config, signer, clock }: Saml11GeneratorContext): TokenGenerator {
  const attributeNamespace = namespaceLookup(config);
  return {
    async issue(request: IssueRequest): Promise<IssuedToken> {
      // SAML 1.1 (core section 2.3.2.1) has no standard condition or element naming a delegate, unlike SAML 2.0's
      // Condition for Delegation Restriction; an assertion without one would pass the actor's request off as
      // the subject acting alone (IssueRequest.actor).
      if (request.actor !== undefined) throw new RequestFailedError('SAML 1.1 has no standard element to record the actor of a delegation');
      // SAML 1.1 has no EncryptedAssertion (that is SAML 2.0 core section 2.3.4): refuse rather than send it in clear.
      if (request.encryptFor !== undefined) throw new RequestFailedError('SAML 1.1 assertions cannot be encrypted (no EncryptedAssertion in SAML 1.1)');
      const signed = issueSignedXml(request, {
        signer,
        now: clock.now(),
        build: (id) => buildAssertion(request, { id, attributeNamespace }),
        // SAML 1.1 puts the signature last (schema: Conditions?, Advice?, statements+, ds:Signature?), so it is
        // appended to the Assertion itself; SAML 1.1 core section 5.4.2 requires the one Reference to be the
        // Assertion's AssertionID.
        idAttribute: 'AssertionID',
        location: { namespaceUri: NS.saml1, localName: 'Assertion', action: 'append' },
        includeCertificate: config.includeCertificate,
        // WSS SAML Token Profile 1.1: a KeyIdentifier of ValueType #SAMLAssertionID refers to a SAML 1.1
        // assertion by its AssertionID.
        reference: { tokenType: TokenType.Saml11Profile, valueType: ValueType.Saml11Id },
      });
      return request.proofKey === undefined ? signed : { ...signed, proofKeyBound: true };
    },
  };
}

/**
 * The namespace of an attribute: its own entry in `attributeNamespaces` (own keys only, so an attribute
 * called `constructor` does not find Object's), else `attributeNamespace`. Every configured URI is checked
 * here, at boot, so that a bad one stops the kernel instead of failing each issue.
 */
function namespaceLookup(config: Readonly<Saml11GeneratorConfig>): (name: string) => string {
  const configured: [string, string][] = [
    ['attributeNamespace', config.attributeNamespace],
    ...Object.entries(config.attributeNamespaces).map(([name, uri]): [string, string] => [`attributeNamespaces[${JSON.stringify(name)}]`, uri]),
  ];
  for (const [field, uri] of configured) {
    try {
      assertXmlSafe(field, uri);
    } catch (error) {
      throw new TypeError(`config ${field} contains a character that cannot be written in XML`, { cause: error });
    }
  }
  const { attributeNamespace, attributeNamespaces } = config;
  return (name) => (Object.hasOwn(attributeNamespaces, name) ? attributeNamespaces[name]! : attributeNamespace);
}
