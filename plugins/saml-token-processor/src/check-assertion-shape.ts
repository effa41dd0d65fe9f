/**
 * The structural checks that run before any cryptography, on the standalone parse (security-rules.md section 1
 * rows 3–5 and 7, section 1.1):
 *
 * - exactly one Assertion: the root, with no Assertion (in any namespace) below it. This refuses XSW3 and XSW4
 *   (an evil assertion before or around the signed one), XSW5–XSW8 (the signed original moved inside the
 *   evil one, its Signature, an Extensions-like wrapper or a `ds:Object`) and SAML 2.0 `Advice` assertions;
 * - exactly one `ds:Signature`, a direct child of the Assertion at the position its schema gives it (after
 *   `saml:Issuer` in SAML 2.0, last in SAML 1.1), and no other element named `Signature` or `SignedInfo`
 *   anywhere (xml-crypto, which partners' verifiers may use, finds some of these by local name alone);
 * - unique values over every ID-like attribute (`ID`, `Id`, `id`, `AssertionID`, in any namespace): a second
 *   element carrying the referenced ID is the core of every wrapping attack;
 * - an assertion ID that can be referenced at all (`#` + an ASCII NCName of at most 128 characters).
 *
 * The issuer read here is unverified: it only selects the keys to try, and must equal the signed one later.
 */
import { InvalidSecurityTokenError, quoteForLog } from '@sts/sdk';
import { NS, type XmlDomElement, type XmlElementData } from '@sts/sdk/xml';
import type { StandaloneAssertion } from './parse-standalone-assertion.js';
import type { SamlVersion } from './saml-version.js';

/** What the checks established. */
export interface AssertionShape {
  /** The assertion's own ID (`ID` or `AssertionID`). */
  readonly id: string;
  /** The issuer as written, before verification. */
  readonly unverifiedIssuer: string;
  /** The one `ds:Signature`, in the libxml2 parse, for the signature checks. */
  readonly signature: XmlDomElement;
}

const ID_VALUE = /^[A-Za-z_][A-Za-z0-9._-]{0,127}$/;
const ID_NAMES: ReadonlySet<string> = new Set(['ID', 'Id', 'id', 'AssertionID']);

/** Checks the shape; throws `InvalidSecurityTokenError` naming the first problem. */
export function checkAssertionShape(assertion: StandaloneAssertion, version: SamlVersion): AssertionShape {
  const { data } = assertion;
  const counts = { assertions: 0, signatures: 0, signedInfos: 0 };
  const ids = new Set<string>();
  walk(data, (element) => {
    if (element.localName === 'Assertion') counts.assertions++;
    if (element.localName === 'Signature') counts.signatures++;
    if (element.localName === 'SignedInfo') counts.signedInfos++;
    for (const [key, value] of Object.entries(element.attributes)) {
      if (!ID_NAMES.has(localNameOfKey(key))) continue;
      if (ids.has(value)) throw new InvalidSecurityTokenError(`the ID value ${quoteForLog(value)} appears twice in the assertion`);
      ids.add(value);
    }
  });
  if (counts.assertions !== 1) {
    throw new InvalidSecurityTokenError(`${counts.assertions - 1} Assertion elements nested in the assertion; none is allowed`);
  }
  if (counts.signatures !== 1 || counts.signedInfos !== 1) {
    throw new InvalidSecurityTokenError(
      `${counts.signatures} Signature and ${counts.signedInfos} SignedInfo elements in the assertion; exactly one of each is required`,
    );
  }

  const id = data.attributes[version.idAttribute];
  if (id === undefined || !ID_VALUE.test(id)) {
    throw new InvalidSecurityTokenError(`the assertion's ${version.idAttribute} is missing or not an ASCII NCName of at most 128 characters`);
  }

  const children = elementChildren(assertion.doc.root()!);
  const position = version.name === '2.0' ? 1 : children.length - 1;
  const signature = children[position];
  if (signature === undefined || signature.name() !== 'Signature' || signature.namespace()?.href() !== NS.ds) {
    throw new InvalidSecurityTokenError(
      version.name === '2.0'
        ? 'the ds:Signature is not the Assertion child right after saml:Issuer'
        : 'the ds:Signature is not the last child of the Assertion',
    );
  }
  return { id, unverifiedIssuer: unverifiedIssuer(data, version), signature };
}

function unverifiedIssuer(data: XmlElementData, version: SamlVersion): string {
  if (version.name === '1.1') {
    const issuer = data.attributes['Issuer'];
    if (issuer === undefined || issuer === '') throw new InvalidSecurityTokenError('the SAML 1.1 assertion has no Issuer');
    return issuer;
  }
  const first = data.children[0];
  if (first === undefined || first.namespaceUri !== version.namespaceUri || first.localName !== 'Issuer') {
    throw new InvalidSecurityTokenError('saml:Issuer is not the first child of the SAML 2.0 assertion');
  }
  if (first.children.length > 0 || first.text === '') throw new InvalidSecurityTokenError('saml:Issuer holds no issuer');
  return first.text;
}

/** Depth-first over the plain-data tree (its depth is bounded by the byte gate). */
function walk(element: XmlElementData, visit: (element: XmlElementData) => void): void {
  visit(element);
  for (const child of element.children) walk(child, visit);
}

/** Attribute keys are `localName` or `{namespaceUri}localName`; a local name never holds `}`. */
function localNameOfKey(key: string): string {
  return key.startsWith('{') ? key.slice(key.lastIndexOf('}') + 1) : key;
}

/**
 * The element children of the root, each node's type checked before any element API is called on it
 * (security-rules.md section 3.1 rule 4). The tree passed the byte gate and `toElementData`, so only text and
 * CDATA can sit beside the elements.
 */
function elementChildren(root: XmlDomElement): XmlDomElement[] {
  const children: XmlDomElement[] = [];
  for (const child of root.childNodes()) {
    const type: string = child.type();
    if (type === 'element') children.push(child as XmlDomElement);
    else if (type !== 'text' && type !== 'cdata') throw new InvalidSecurityTokenError(`a ${quoteForLog(type)} node in the assertion`);
  }
  return children;
}
