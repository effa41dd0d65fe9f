/**
 * The running generator: checks the lifetime, builds the assertion, signs it with the kernel's signer
 * (`issueSignedXml`).
 */
import {
  issueSignedXml,
  RequestFailedError,
  TokenType,
  ValueType,
  type Clock,
  type IssuedToken,
  type IssueRequest,
  type TokenGenerator,
  type XmlSigner,
} from '@sts/sdk';
import { encryptElement, type RecipientCertificate } from '@sts/sdk/encryption';
import { el, NS } from '@sts/sdk/xml';
import { buildAssertion, DELEGATION_PREFIXES } from './build-assertion.js';
import type { Saml20GeneratorConfig } from './config-schema.js';

/** What the generator runs with. */
export interface Saml20GeneratorContext {
  readonly config: Readonly<Saml20GeneratorConfig>;
  readonly signer: XmlSigner;
  readonly clock: Clock;
}

/** Creates the generator for one plug-in instance. */
export function createSaml20Generator({ config, signer, clock }: Saml20GeneratorContext): TokenGenerator {
  return {
    async issue(request: IssueRequest): Promise<IssuedToken> {
      // RFC 7522 section 3 item 7: an assertion for the grant carries a bearer SubjectConfirmation.
      if (request.tokenType === TokenType.Saml2BearerGrant && (request.subjectConfirmation !== 'bearer' || request.proofKey !== undefined)) {
        throw new RequestFailedError('an RFC 7522 grant assertion needs bearer subject confirmation');
      }
      const signed = issueSignedXml(request, {
        signer,
        now: clock.now(),
        build: (id) => buildAssertion(request, { id, attributeNameFormat: config.attributeNameFormat }),
        // The signature goes right after Issuer: SAML core 2.0 section 2.3.3 fixes that position, and the
        // SAML signature profile (section 5.4.2) requires the one Reference to be the Assertion's ID.
        idAttribute: 'ID',
        location: { namespaceUri: NS.saml2, localName: 'Issuer', action: 'after' },
        includeCertificate: config.includeCertificate,
        // An actor is recorded as the Delegate of a delegation Condition; its xsi:type QName needs these
        // prefixes signed (see buildDelegationRestriction). Without an actor the list is empty.
        recordsActor: true,
        ...(request.actor === undefined ? {} : { inclusiveNamespacePrefixes: DELEGATION_PREFIXES }),
        // WSS SAML Token Profile 1.1: a KeyIdentifier of ValueType #SAMLID refers to a SAML 2.0 assertion by its ID.
        reference: { tokenType: TokenType.Saml20Profile, valueType: ValueType.Saml20Id },
      });
      const bound = request.proofKey === undefined ? signed : { ...signed, proofKeyBound: true };
      return request.encryptFor === undefined ? bound : { ...bound, xml: encryptAssertion(signed.xml!, request.encryptFor), encrypted: true };
    },
  };
}

/**
 * Sign, then encrypt (SAML core 2.0 section 2.3.4, saml:EncryptedAssertion): the relying party decrypts and
 * then verifies the signature inside, which therefore covers the assertion and not the ciphertext.
 */
function encryptAssertion(signedXml: string, recipient: RecipientCertificate): string {
  return el('saml:EncryptedAssertion', { xmlns: { saml: NS.saml2 } }, [encryptElement(signedXml, recipient)]).toString();
}
