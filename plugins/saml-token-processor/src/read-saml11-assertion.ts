/**
 * Reads a SAML 1.1 assertion (SAML 1.1 core section 2) from its canonical signed bytes, already re-parsed
 * strictly. The subset read, and refused beyond it:
 *
 * - `Assertion` with `MajorVersion="1"`, `MinorVersion="1"`, `AssertionID`, `Issuer`, `IssueInstant`; children
 *   Conditions, AuthenticationStatement (at most one), AttributeStatement (any number). `Advice`,
 *   `AuthorizationDecisionStatement` and extension `Statement`/`SubjectStatement`s are refused;
 * - `Conditions`: `AudienceRestrictionCondition`, `DoNotCacheCondition` (nothing is cached from a token); a
 *   generic `Condition` is refused (section 2.3.2.1: an unknown condition makes the assertion Indeterminate);
 * - every subject statement carries its own `Subject` (section 2.4.2); they must all be the same subject, with a
 *   `NameIdentifier` and a `SubjectConfirmation`, or the assertion is ambiguous about whom it describes;
 * - attributes are keyed by `AttributeName`, as the SAML 2.0 ones are by `Name` (and as our SAML 1.1 generator
 *   writes them); one name under two different `AttributeNamespace`s is refused rather than merged, since
 *   the two could mean different things.
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
  noText,
  readAudienceRestriction,
  requiredAttribute,
  requiredInstant,
  requiredText,
  textOnly,
  validityWindow,
} from './element-reader.js';
import { sameElementData } from './same-element-data.js';
import { SAML11 } from './saml-version.js';
import type { SignedAssertion, SubjectConfirmation } from './signed-assertion.js';

const SAML = SAML11.namespaceUri;
const XSI_TYPE = `{${NS.xsi}}type`;

/** Reads the signed assertion; throws `InvalidSecurityTokenError` for anything outside the subset. */
export function readSaml11Assertion(root: XmlElementData, maxFractionalDigits: number): SignedAssertion {
  checkAttributes(root, ['MajorVersion', 'MinorVersion', 'AssertionID', 'Issuer', 'IssueInstant']);
  if (root.attributes['MajorVersion'] !== '1' || root.attributes['MinorVersion'] !== '1') {
    throw new InvalidSecurityTokenError('the assertion version is not SAML 1.1');
  }
  const children = childrenOf(root, SAML, ['Conditions', 'AuthenticationStatement', 'AttributeStatement']);
  const conditions = readConditions(exactlyOne(children, 'Conditions', 'Assertion'), maxFractionalDigits);
  const authentication = atMostOne(children, 'AuthenticationStatement', 'Assertion');
  const attributeStatements = named(children, 'AttributeStatement');

  const subjects: XmlElementData[] = [];
  let authenticationFact: SignedAssertion['authentication'];
  if (authentication !== undefined) {
    checkAttributes(authentication, ['AuthenticationMethod', 'AuthenticationInstant']);
    const statementChildren = childrenOf(authentication, SAML, ['Subject', 'SubjectLocality', 'AuthorityBinding']);
    atMostOne(statementChildren, 'SubjectLocality', 'AuthenticationStatement');
    subjects.push(exactlyOne(statementChildren, 'Subject', 'AuthenticationStatement'));
    authenticationFact = {
      instant: requiredInstant(authentication, 'AuthenticationInstant', maxFractionalDigits),
      context: requiredAttribute(authentication, 'AuthenticationMethod'),
    };
  }
  const attributes = new AttributeCollector();
  const namespaces = new Map<string, string>();
  for (const statement of attributeStatements) {
    checkAttributes(statement, []);
    const statementChildren = childrenOf(statement, SAML, ['Subject', 'Attribute']);
    subjects.push(exactlyOne(statementChildren, 'Subject', 'AttributeStatement'));
    for (const attribute of named(statementChildren, 'Attribute')) readAttribute(attribute, attributes, namespaces);
  }

  const [first, ...others] = subjects;
  if (first === undefined) throw new InvalidSecurityTokenError('the assertion has no subject statement');
  if (!others.every((s) => sameElementData(s, first))) {
    throw new InvalidSecurityTokenError('the statements of the assertion name different subjects');
  }
  const { subject, confirmations } = readSubject(first);

  return {
    version: '1.1',
    id: requiredAttribute(root, 'AssertionID'),
    issuer: requiredAttribute(root, 'Issuer'),
    issueInstant: requiredInstant(root, 'IssueInstant', maxFractionalDigits),
    ...conditions,
    oneTimeUse: false,
    subject,
    confirmations,
    ...(authenticationFact === undefined ? {} : { authentication: authenticationFact }),
    attributes: attributes.result(),
  };
}

function readConditions(conditions: XmlElementData, maxFractionalDigits: number): Pick<SignedAssertion, 'notBefore' | 'notOnOrAfter' | 'audienceRestrictions'> {
  checkAttributes(conditions, ['NotBefore', 'NotOnOrAfter']);
  const children = childrenOf(conditions, SAML, ['AudienceRestrictionCondition', 'DoNotCacheCondition', 'Condition']);
  if (named(children, 'Condition').length > 0) throw new InvalidSecurityTokenError('an extension Condition cannot be evaluated');
  for (const doNotCache of named(children, 'DoNotCacheCondition')) {
    checkAttributes(doNotCache, []);
    childrenOf(doNotCache, SAML, []);
  }
  const audienceRestrictions = named(children, 'AudienceRestrictionCondition').map((restriction) => readAudienceRestriction(restriction, SAML));
  return {
    ...validityWindow(conditions, maxFractionalDigits),
    audienceRestrictions: Object.freeze(audienceRestrictions),
  };
}

function readSubject(subject: XmlElementData): { subject: string; confirmations: readonly SubjectConfirmation[] } {
  checkAttributes(subject, []);
  const children = childrenOf(subject, SAML, ['NameIdentifier', 'SubjectConfirmation']);
  const nameIdentifier = exactlyOne(children, 'NameIdentifier', 'Subject');
  checkAttributes(nameIdentifier, ['NameQualifier', 'Format']);
  const confirmation = exactlyOne(children, 'SubjectConfirmation', 'Subject');
  checkAttributes(confirmation, []);
  noText(confirmation);
  // ConfirmationMethod+, SubjectConfirmationData?, ds:KeyInfo? (section 2.4.2.3).
  let hasKeyData = false;
  const methods: string[] = [];
  for (const child of confirmation.children) {
    if (child.namespaceUri === SAML && child.localName === 'ConfirmationMethod') {
      checkAttributes(child, []);
      methods.push(requiredText(child));
    } else if ((child.namespaceUri === SAML && child.localName === 'SubjectConfirmationData') || (child.namespaceUri === NS.ds && child.localName === 'KeyInfo')) {
      hasKeyData = true;
    } else {
      throw new InvalidSecurityTokenError(`unexpected ${quoteForLog(`{${child.namespaceUri}}${child.localName}`)} in SubjectConfirmation`);
    }
  }
  if (methods.length === 0) throw new InvalidSecurityTokenError('a SubjectConfirmation has no ConfirmationMethod');
  return {
    subject: requiredText(nameIdentifier),
    confirmations: Object.freeze(methods.map((method) => ({ method, hasKeyData }))),
  };
}

function readAttribute(attribute: XmlElementData, attributes: AttributeCollector, namespaces: Map<string, string>): void {
  checkAttributes(attribute, ['AttributeName', 'AttributeNamespace']);
  const name = requiredAttribute(attribute, 'AttributeName');
  const namespace = requiredAttribute(attribute, 'AttributeNamespace');
  const seen = namespaces.get(name);
  if (seen !== undefined && seen !== namespace) {
    throw new InvalidSecurityTokenError(`attribute ${quoteForLog(name)} appears in two AttributeNamespaces`);
  }
  namespaces.set(name, namespace);
  const values = childrenOf(attribute, SAML, ['AttributeValue']);
  if (values.length === 0) throw new InvalidSecurityTokenError(`attribute ${quoteForLog(name)} has no AttributeValue`);
  attributes.add(
    name,
    values.map((value) => {
      checkAttributes(value, [XSI_TYPE]);
      return textOnly(value);
    }),
  );
}
