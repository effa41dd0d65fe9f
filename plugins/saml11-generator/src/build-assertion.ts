/**
 * Builds the unsigned SAML 1.1 assertion (SAML 1.1 core section 2.3.2) with the SDK's escaping builder, so
 * request values can only ever become text or attribute values. Children follow the schema's sequence:
 * Conditions, AuthenticationStatement, AttributeStatement, then (ds:Signature, appended by the signer).
 *
 * The Assertion declares every namespace it uses, so that it still verifies and validates when a client cuts it
 * out of the RSTR's RequestedSecurityToken.
 */
import type { IssueRequest } from '@sts/sdk';
import { el, NS, type XmlNode, assertXmlSafe, xsDateTime } from '@sts/sdk/xml';
import { authenticationMethod } from './authentication-method.js';

/** Confirmation method URIs (SAML 1.1 bindings and profiles section 5; WSS SAML Token Profile 1.1). */
const CONFIRMATION_METHOD = Object.freeze({
  bearer: 'urn:oasis:names:tc:SAML:1.0:cm:bearer',
  'sender-vouches': 'urn:oasis:names:tc:SAML:1.0:cm:sender-vouches',
});

/** What the generator decides, beside the request. */
export interface AssertionOptions {
  /** The assertion ID (`xsd:ID`). */
  readonly id: string;
  /** The `AttributeNamespace` of the attribute with this name. */
  readonly attributeNamespace: (name: string) => string;
}

/** The assertion, unsigned, as the tree the signer renders in canonical form. */
export function buildAssertion(request: IssueRequest, options: AssertionOptions): XmlNode {
  const subject = buildSubject(request);
  return el(
    'saml:Assertion',
    {
      xmlns: { saml: NS.saml1 },
      MajorVersion: '1',
      MinorVersion: '1',
      AssertionID: options.id,
      Issuer: assertXmlSafe('issuer', request.issuer),
      IssueInstant: xsDateTime(request.issuedAt),
    },
    [
      // Section 2.3.2.1: the validity window, and 2.3.2.1.3: the relying party the assertion is addressed to.
      el('saml:Conditions', { NotBefore: xsDateTime(request.notBefore), NotOnOrAfter: xsDateTime(request.notOnOrAfter) }, [
        el('saml:AudienceRestrictionCondition', {}, [el('saml:Audience', {}, [assertXmlSafe('appliesTo', request.appliesTo)])]),
      ]),
      el(
        'saml:AuthenticationStatement',
        {
          // Always one of the SAML 1.1 core section 7.1 identifiers, never the request's own string.
          AuthenticationMethod: authenticationMethod(request.authnContext),
          AuthenticationInstant: xsDateTime(request.authnInstant),
        },
        [subject],
      ),
      buildAttributeStatement(request, subject, options.attributeNamespace),
    ],
  );
}

/**
 * Subject (section 2.4.2.1), repeated in every statement since each SAML 1.1 subject statement carries its own.
 * SAML 1.1 confirmations carry no data for bearer or sender-vouches: the Conditions bound the bearer
 * assertion, and the attesting sender's own message signature binds a sender-vouches one (WSS SAML Token
 * Profile 1.1).
 */
function buildSubject(request: IssueRequest): XmlNode {
  return el('saml:Subject', {}, [
    el('saml:NameIdentifier', { Format: assertXmlSafe('subject format', request.subject.format) }, [
      assertXmlSafe('subject', request.subject.name),
    ]),
    el('saml:SubjectConfirmation', {}, [
      el('saml:ConfirmationMethod', {}, [CONFIRMATION_METHOD[request.subjectConfirmation]]),
    ]),
  ]);
}

/**
 * AttributeStatement (section 2.4.4), or null when there is nothing to state. The schema wants at least one
 * AttributeValue per Attribute (section 2.4.4.2), so SAML 1.1 cannot say "exists but has no value": an
 * attribute with no values is left out, and a statement left with no attributes is not written.
 */
function buildAttributeStatement(request: IssueRequest, subject: XmlNode, namespaceOf: (name: string) => string): XmlNode | null {
  const entries = Object.entries(request.attributes).filter(([, values]) => values.length > 0);
  if (entries.length === 0) return null;
  return el('saml:AttributeStatement', {}, [
    subject,
    ...entries.map(([name, values]) =>
      el(
        'saml:Attribute',
        { AttributeName: assertXmlSafe('attribute name', name), AttributeNamespace: namespaceOf(name) },
        values.map((value) =>
          // No xsi:type="xsd:string": the QName would sit in an attribute value, where exclusive c14n does not
          // see the xsd prefix, leaving its declaration unsigned. AttributeValue is xsd:anyType (section
          // 2.4.4.2.1), and a string needs no type.
          el('saml:AttributeValue', {}, [assertXmlSafe(`attribute ${name}`, value)]),
        ),
      ),
    ),
  ]);
}
