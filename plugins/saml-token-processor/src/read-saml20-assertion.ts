/**
 * Reads a SAML 2.0 assertion (SAML core 2.0 section 2) from its canonical signed bytes, already re-parsed
 * strictly. The subset read, and refused beyond it:
 *
 * - `Assertion` with `Version="2.0"`, `ID`, `IssueInstant`; children Issuer, Subject, Conditions,
 *   AuthnStatement (at most one), AttributeStatement (any number). `Advice`, `AuthzDecisionStatement`,
 *   extension `Statement`s, `EncryptedAttribute` and encrypted or `BaseID` subjects are refused: we cannot
 *   judge them, and silently ignoring a statement changes what the issuer said;
 * - `Issuer` with no Format or the entity format (section 8.3.6), as the only allowed Issuer format;
 * - `Conditions`: `AudienceRestriction`, `OneTimeUse`; `ProxyRestriction` is refused, since an STS issuing a new
 *   token from this one is exactly what it restricts; a generic `Condition` is refused (section 2.5.1.2);
 * - `SubjectConfirmation` with its `SubjectConfirmationData` attributes; a confirmation naming its own
 *   identifier is refused;
 * - attribute values that are text; an `AttributeValue` holding elements (or `xsi:nil`) is refused.
 */
import { InvalidSecurityTokenError, quoteForLog } from '@sts/sdk';
import { NS, type XmlElementData } from '@sts/sdk/xml';
import {
  AttributeCollector,
  atMostOne,
  checkAttributes,
  childrenOf,
  exactlyOne,
  named,
  optionalInstant,
  readAudienceRestriction,
  requiredAttribute,
  requiredInstant,
  requiredText,
  textOnly,
  validityWindow,
} from './element-reader.js';
import { SAML20 } from './saml-version.js';
import type { AuthenticationFact, SignedAssertion, SubjectConfirmation } from './signed-assertion.js';

const SAML = SAML20.namespaceUri;
const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
const XSI_TYPE = `{${NS.xsi}}type`;

/** Reads the signed assertion; throws `InvalidSecurityTokenError` for anything outside the subset. */
export function readSaml20Assertion(root: XmlElementData, maxFractionalDigits: number): SignedAssertion {
  checkAttributes(root, ['ID', 'Version', 'IssueInstant']);
  if (root.attributes['Version'] !== '2.0') throw new InvalidSecurityTokenError('the assertion Version is not 2.0');
  const children = childrenOf(root, SAML, ['Issuer', 'Subject', 'Conditions', 'AuthnStatement', 'AttributeStatement']);
  if (children[0]?.localName !== 'Issuer') throw new InvalidSecurityTokenError('saml:Issuer is not the first child of the assertion');

  const issuerElement = exactlyOne(children, 'Issuer', 'Assertion');
  checkAttributes(issuerElement, ['Format']);
  const format = issuerElement.attributes['Format'];
  if (format !== undefined && format !== ENTITY_FORMAT) throw new InvalidSecurityTokenError(`Issuer Format ${quoteForLog(format)} is not the entity format`);

  const conditions = readConditions(exactlyOne(children, 'Conditions', 'Assertion'), maxFractionalDigits);
  const { subject, confirmations } = readSubject(exactlyOne(children, 'Subject', 'Assertion'), maxFractionalDigits);
  const authnStatement = atMostOne(children, 'AuthnStatement', 'Assertion');
  const attributes = new AttributeCollector();
  for (const statement of named(children, 'AttributeStatement')) readAttributeStatement(statement, attributes);

  return {
    version: '2.0',
    id: requiredAttribute(root, 'ID'),
    issuer: requiredText(issuerElement),
    issueInstant: requiredInstant(root, 'IssueInstant', maxFractionalDigits),
    ...conditions,
    subject,
    confirmations,
    ...(authnStatement === undefined ? {} : { authentication: readAuthnStatement(authnStatement, maxFractionalDigits) }),
    attributes: attributes.result(),
  };
}

function readConditions(conditions: XmlElementData, maxFractionalDigits: number): Pick<SignedAssertion, 'notBefore' | 'notOnOrAfter' | 'audienceRestrictions' | 'oneTimeUse'> {
  checkAttributes(conditions, ['NotBefore', 'NotOnOrAfter']);
  const children = childrenOf(conditions, SAML, ['AudienceRestriction', 'OneTimeUse', 'ProxyRestriction', 'Condition']);
  if (named(children, 'ProxyRestriction').length > 0) {
    throw new InvalidSecurityTokenError('ProxyRestriction forbids issuing new assertions from this one');
  }
  if (named(children, 'Condition').length > 0) throw new InvalidSecurityTokenError('an extension Condition cannot be evaluated');
  const oneTimeUse = atMostOne(children, 'OneTimeUse', 'Conditions');
  if (oneTimeUse !== undefined) {
    checkAttributes(oneTimeUse, []);
    childrenOf(oneTimeUse, SAML, []);
  }
  const audienceRestrictions = named(children, 'AudienceRestriction').map((restriction) => readAudienceRestriction(restriction, SAML));
  return {
    ...validityWindow(conditions, maxFractionalDigits),
    audienceRestrictions: Object.freeze(audienceRestrictions),
    oneTimeUse: oneTimeUse !== undefined,
  };
}

function readSubject(subject: XmlElementData, maxFractionalDigits: number): { subject: string; confirmations: readonly SubjectConfirmation[] } {
  checkAttributes(subject, []);
  const children = childrenOf(subject, SAML, ['NameID', 'SubjectConfirmation', 'BaseID', 'EncryptedID']);
  if (named(children, 'BaseID').length + named(children, 'EncryptedID').length > 0) {
    throw new InvalidSecurityTokenError('only a NameID subject is supported (no BaseID or EncryptedID)');
  }
  const nameId = exactlyOne(children, 'NameID', 'Subject');
  checkAttributes(nameId, ['Format', 'NameQualifier', 'SPNameQualifier', 'SPProvidedID']);
  const confirmations = named(children, 'SubjectConfirmation').map((c) => readConfirmation(c, maxFractionalDigits));
  return { subject: requiredText(nameId), confirmations: Object.freeze(confirmations) };
}

function readConfirmation(confirmation: XmlElementData, maxFractionalDigits: number): SubjectConfirmation {
  checkAttributes(confirmation, ['Method']);
  const method = requiredAttribute(confirmation, 'Method');
  const children = childrenOf(confirmation, SAML, ['SubjectConfirmationData', 'NameID', 'BaseID', 'EncryptedID']);
  if (children.some((c) => c.localName !== 'SubjectConfirmationData')) {
    throw new InvalidSecurityTokenError('a SubjectConfirmation naming its own identifier is not supported');
  }
  const data = atMostOne(children, 'SubjectConfirmationData', 'SubjectConfirmation');
  if (data === undefined) return { method, hasKeyData: false };
  // KeyInfoConfirmationDataType (section 2.4.1.3) puts ds:KeyInfo here; xsi:type names that type.
  checkAttributes(data, ['NotBefore', 'NotOnOrAfter', 'Recipient', 'InResponseTo', 'Address', XSI_TYPE]);
  const recipient = data.attributes['Recipient'];
  const keyInfos = data.children.filter((c) => c.namespaceUri === NS.ds && c.localName === 'KeyInfo');
  return {
    method,
    ...validityWindow(data, maxFractionalDigits),
    ...(recipient === undefined ? {} : { recipient }),
    hasKeyData: data.children.length > 0,
    ...(keyInfos.length === 1 && data.children.length === 1 ? { keyInfo: keyInfos[0]! } : {}),
  };
}

function readAuthnStatement(statement: XmlElementData, maxFractionalDigits: number): AuthenticationFact {
  checkAttributes(statement, ['AuthnInstant', 'SessionIndex', 'SessionNotOnOrAfter']);
  const children = childrenOf(statement, SAML, ['SubjectLocality', 'AuthnContext']);
  atMostOne(children, 'SubjectLocality', 'AuthnStatement');
  const context = exactlyOne(children, 'AuthnContext', 'AuthnStatement');
  checkAttributes(context, []);
  const contextChildren = childrenOf(context, SAML, ['AuthnContextClassRef', 'AuthnContextDeclRef', 'AuthnContextDecl', 'AuthenticatingAuthority']);
  if (named(contextChildren, 'AuthnContextDecl').length > 0) {
    throw new InvalidSecurityTokenError('an inline AuthnContextDecl is not supported');
  }
  const classRef = atMostOne(contextChildren, 'AuthnContextClassRef', 'AuthnContext');
  const sessionNotOnOrAfter = optionalInstant(statement, 'SessionNotOnOrAfter', maxFractionalDigits);
  return {
    instant: requiredInstant(statement, 'AuthnInstant', maxFractionalDigits),
    ...(classRef === undefined ? {} : { context: requiredText(classRef) }),
    ...(sessionNotOnOrAfter === undefined ? {} : { sessionNotOnOrAfter }),
  };
}

function readAttributeStatement(statement: XmlElementData, attributes: AttributeCollector): void {
  checkAttributes(statement, []);
  const children = childrenOf(statement, SAML, ['Attribute', 'EncryptedAttribute']);
  if (named(children, 'EncryptedAttribute').length > 0) throw new InvalidSecurityTokenError('EncryptedAttribute is not supported');
  for (const attribute of children) {
    // Attribute allows any foreign attribute (section 2.7.3.1); only the name matters here.
    const name = requiredAttribute(attribute, 'Name');
    const values = childrenOf(attribute, SAML, ['AttributeValue']).map((value) => {
      checkAttributes(value, [XSI_TYPE]);
      return textOnly(value);
    });
    attributes.add(name, values);
  }
}
