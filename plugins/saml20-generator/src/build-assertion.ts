/**
 * Builds the unsigned SAML 2.0 assertion (SAML core 2.0 section 2.3.3) with the SDK's escaping builder, so
 * request values can only ever become text or attribute values. Children follow the schema's sequence:
 * Issuer, (ds:Signature, inserted by the signer), Subject, Conditions, AuthnStatement, AttributeStatement.
 *
 * The Assertion declares every namespace it uses, so that it still verifies and validates when a client cuts it
 * out of the RSTR's RequestedSecurityToken.
 */
import type { IssueRequest } from '@sts/sdk';
import { el, NS, type XmlNode, assertXmlSafe, xsDateTime } from '@sts/sdk/xml';

/** Subject confirmation method URIs (SAML profiles 2.0 section 3). */
const CONFIRMATION_METHOD = Object.freeze({
  bearer: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
  'sender-vouches': 'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches',
});

/** Namespace of the OASIS SAML V2.0 Condition for Delegation Restriction (Version 1.0, CS01, section 2). */
export const DELEGATION_NS = 'urn:oasis:names:tc:SAML:2.0:conditions:delegation';

/**
 * The prefix the delegation Condition uses only inside an attribute value (`xsi:type="del:…"`), which the
 * signature's exclusive c14n must therefore render as inclusive (see {@link buildDelegationRestriction}).
 * Not `xsi`: the `xsi:type` attribute's own name already makes exclusive c14n render that declaration on the
 * Condition, and a listed prefix is also rendered on the Assertion from an ancestor's declaration (exc-c14n
 * section 3, inclusive rules), so listing `xsi` would break the signature inside any envelope that declares
 * `xmlns:xsi`, as SOAP stacks often do.
 */
export const DELEGATION_PREFIXES: readonly string[] = Object.freeze(['del']);

/** What the generator decides, beside the request. */
export interface AssertionOptions {
  /** The assertion ID (`xs:ID`). */
  readonly id: string;
  /** `NameFormat` of every Attribute. */
  readonly attributeNameFormat: string;
}

/** The assertion, unsigned, as the tree the signer renders in canonical form. */
export function buildAssertion(request: IssueRequest, options: AssertionOptions): XmlNode {
  const audience = assertXmlSafe('appliesTo', request.appliesTo);
  const attributeStatement = buildAttributeStatement(request, options.attributeNameFormat);
  return el(
    'saml:Assertion',
    {
      xmlns: { saml: NS.saml2 },
      ID: options.id,
      Version: '2.0',
      IssueInstant: xsDateTime(request.issuedAt),
    },
    [
      el('saml:Issuer', {}, [assertXmlSafe('issuer', request.issuer)]),
      buildSubject(request, audience),
      el('saml:Conditions', { NotBefore: xsDateTime(request.notBefore), NotOnOrAfter: xsDateTime(request.notOnOrAfter) }, [
        el('saml:AudienceRestriction', {}, [el('saml:Audience', {}, [audience])]),
        buildDelegationRestriction(request),
      ]),
      el('saml:AuthnStatement', { AuthnInstant: xsDateTime(request.authnInstant) }, [
        el('saml:AuthnContext', {}, [
          el('saml:AuthnContextClassRef', {}, [assertXmlSafe('authnContext', request.authnContext)]),
        ]),
      ]),
      attributeStatement,
    ],
  );
}

/**
 * Subject (section 2.4): bearer carries SubjectConfirmationData bounding where and until when the assertion
 * may be presented (profiles 2.0 section 3.3); sender-vouches has none, the attesting sender's own message
 * signature binds it (WSS SAML Token Profile 1.1).
 */
function buildSubject(request: IssueRequest, audience: string): XmlNode {
  const method = request.subjectConfirmation;
  const confirmationData =
    method === 'bearer'
      ? el('saml:SubjectConfirmationData', { NotOnOrAfter: xsDateTime(request.notOnOrAfter), Recipient: audience })
      : null;
  return el('saml:Subject', {}, [
    el('saml:NameID', { Format: assertXmlSafe('subject format', request.subject.format) }, [
      assertXmlSafe('subject', request.subject.name),
    ]),
    el('saml:SubjectConfirmation', { Method: CONFIRMATION_METHOD[method] }, [confirmationData]),
  ]);
}

/**
 * The actor of an RFC 8693 delegation as the Delegate of a DelegationRestrictionType Condition (OASIS SAML V2.0
 * Condition for Delegation Restriction, section 2), or null without an actor. The assertion's Subject stays
 * the principal; the Delegate names who acts for it, so a relying party cannot take the actor's request for
 * the principal acting alone. DelegationInstant is when this STS accepted the delegation (the issue instant).
 *
 * The type is given by `xsi:type`, a QName inside an attribute value: exclusive c14n does not count that as a
 * use of the `del` prefix, so it would render `xmlns:del` only on the Delegate and leave the binding the type
 * name depends on unsigned. Both declarations sit on the Condition itself, and the generator names `del` in the
 * signature's InclusiveNamespaces PrefixList ({@link DELEGATION_PREFIXES}; `xsi` is used by the attribute's
 * name), so the canonical form carries both on the Condition and any change to them breaks the signature.
 */
function buildDelegationRestriction(request: IssueRequest): XmlNode | null {
  if (request.actor === undefined) return null;
  return el('saml:Condition', { xmlns: { del: DELEGATION_NS, xsi: NS.xsi }, 'xsi:type': 'del:DelegationRestrictionType' }, [
    el('del:Delegate', { DelegationInstant: xsDateTime(request.issuedAt) }, [
      el('saml:NameID', {}, [assertXmlSafe('actor', request.actor.subject)]),
    ]),
  ]);
}

/**
 * AttributeStatement (section 2.7.3), or null when there is nothing to state: the schema requires at least
 * one statement child. An attribute with no values is kept without AttributeValue, which is how section
 * 2.7.3.1.1 says "exists but has no value".
 */
function buildAttributeStatement(request: IssueRequest, nameFormat: string): XmlNode | null {
  const entries = Object.entries(request.attributes);
  if (entries.length === 0) return null;
  return el(
    'saml:AttributeStatement',
    {},
    entries.map(([name, values]) =>
      el(
        'saml:Attribute',
        { Name: assertXmlSafe('attribute name', name), NameFormat: nameFormat },
        values.map((value) =>
          // No xsi:type="xs:string": the QName would sit in an attribute value, where exclusive c14n does not
          // see the xs prefix, leaving its declaration unsigned. AttributeValue is xs:anyType (SAML core
          // section 2.7.3.1.1), and a string needs no type.
          el('saml:AttributeValue', {}, [assertXmlSafe(`attribute ${name}`, value)]),
        ),
      ),
    ),
  );
}
