/**
 * Cryptographic verification of one XML signature, under the rules of security-rules.md section 3.2 (rules 2,
 * 3, 5, 6 and 8), with xml-crypto 6's exclusive canonicalizer on an xmldom parse:
 *
 * - only the key the caller resolved and trusts: KeyInfo is never read for a key (CVE-2024-32962), HMAC does
 *   not exist here (GHSA-c27r-x354-4m68);
 * - only the allow-listed algorithms, whatever the structure check was configured with: RSA-SHA256/512,
 *   SHA-256/512 digests, exclusive c14n without comments, transforms `[exc-c14n]` or `[enveloped-signature,
 *   exc-c14n]`; SHA-1, inclusive c14n and the `#WithComments` variants are refused [E6];
 * - `idAttributes` is exactly the caller's list: references resolve by local name in any namespace (as
 *   xml-crypto does, section 1 row 8), so the list is kept as narrow as the token type allows;
 * - the Signature node comes from an xmldom parse of the very string given, and that parse must be error-free
 *   and see the same element tree as libxml2 saw (section 1 row 9: the two parsers must agree on what is being
 *   verified);
 * - core validation ({@link verifyXmldomSignature}): the SignatureValue over the canonical SignedInfo first,
 *   then each referenced element found in one pass and canonicalized once (issue 12: `SignedXml.checkSignature`
 *   re-parsed the document and SignedInfo and searched the tree by XPath per ID name, about 4 ms per call);
 * - the result is the canonical bytes each Reference digested, byte for byte what `getSignedReferences()`
 *   returned. Callers re-parse them strictly and read business data from them only (section 3.2 rule 6),
 *   never from the original DOM.
 *
 * Run {@link checkSignatureStructure} on the same Signature element first: this function verifies, it does
 * not decide which signatures are acceptable.
 * @public
 */
import type { KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { NS } from '../xml/namespaces.js';
import type { XmlDomElement } from '../xml/strict-parse.js';
import { namespaceOf } from './element-content.js';
import { SignatureRejectedError } from './signature-rejected-error.js';
import { verifyXmldomSignature, type XmldomNode } from './verify-xmldom-signature.js';

/**
 * The slice of xmldom's DOM this file uses. xmldom is loaded through `require` with this local typing because
 * its own declarations pull the DOM lib into the whole SDK compilation, which changes the meaning of
 * unrelated global types (`Crypto`) elsewhere in the SDK.
 */
interface DomNode {
  readonly nodeType: number;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly namespaceURI: string | null;
  readonly localName: string | null;
}
interface DomDocument {
  readonly documentElement: DomNode | null;
}
type ErrorRecorder = (message: string) => void;
interface XmldomModule {
  readonly DOMParser: new (options: {
    readonly errorHandler: { readonly warning: ErrorRecorder; readonly error: ErrorRecorder; readonly fatalError: ErrorRecorder };
  }) => { parseFromString(source: string, mimeType: string): DomDocument };
}
const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as XmldomModule;

/** RSA below 2048 bits is refused (security-rules.md section 3.2 rule 8, section 6.2: raised from WSS4J's 1024). */
const MIN_RSA_BITS = 2048;
const NC_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
/**
 * Verifies the signature `signature` in `xml` with `key`.
 *
 * @param xml - the document exactly as it was gated and strictly parsed (the string both parsers see).
 * @param signature - the `ds:Signature` element of the libxml2 parse of `xml` (already accepted by
 *   {@link checkSignatureStructure}); its position in the tree locates the same node in xmldom's parse.
 * @param key - the RSA public key the caller trusts for this signature (never one taken from KeyInfo).
 * @param idAttributes - the unprefixed names of the ID attributes references may point at (`['ID']` for SAML
 *   2.0, `['AssertionID']` for SAML 1.1, `['Id']` for `wsu:Id`).
 * @returns the canonical signed bytes, one string per Reference, in `SignedInfo` order.
 * @throws {@link SignatureRejectedError} `key` for a key that is not RSA of at least 2048 bits, `document` when
 *   xmldom cannot parse `xml` cleanly or sees another tree than libxml2, `verification` for a signature that
 *   does not verify or uses anything outside the allow-list.
 * @throws TypeError for an empty or prefixed ID attribute name.
 * @example
 * ```ts
 * checkSignatureStructure(signature, SAML_SIGNATURE_PROFILE);
 * const [assertionBytes] = verifySignedXml(xml, signature, certificate.publicKey, ['ID']);
 * const signed = parseUntrustedXml(assertionBytes!);
 * ```
 * @public
 */
export function verifySignedXml(
  xml: string,
  signature: XmlDomElement,
  key: KeyObject,
  idAttributes: readonly string[],
): readonly string[] {
  if (typeof xml !== 'string' || xml.length === 0) throw new TypeError('verifySignedXml needs the XML text');
  // The byte gate strips a byte order mark before libxml2 parses; text that still has one is not that text.
  if (xml.charCodeAt(0) === 0xfeff) throw new SignatureRejectedError('document', 'the text starts with a byte order mark; pass the gated text');
  if (!Array.isArray(idAttributes) || idAttributes.length === 0 || !idAttributes.every((n) => typeof n === 'string' && NC_NAME.test(n))) {
    throw new TypeError('idAttributes must be a non-empty list of unprefixed attribute names');
  }
  checkKey(key);
  const { root, signatureNode } = locateInXmldom(xml, signature);
  const { canonical, uris: verifiedUris } = verifyXmldomSignature(root, signatureNode, key, idAttributes);
  if (verifiedUris.length === 0 || canonical.length !== verifiedUris.length || !canonical.every((s) => typeof s === 'string' && s.length > 0)) {
    throw new SignatureRejectedError('verification', 'no signed content for some reference');
  }
  // The references were read from xmldom's SignedInfo; the caller's structure check read them from libxml2's.
  // Both must name the same elements, in the same order.
  const checkedUris = referenceUris(signature);
  if (checkedUris.length !== verifiedUris.length || checkedUris.some((uri, index) => uri !== verifiedUris[index])) {
    throw new SignatureRejectedError('verification', 'xmldom\'s SignedInfo names other references than the SignedInfo libxml2 reads');
  }
  return Object.freeze([...canonical]);
}

/** The `URI` of each `ds:Reference` in the libxml2 `SignedInfo`, in document order. */
function referenceUris(signature: XmlDomElement): (string | undefined)[] {
  const signedInfo = libxmlElementChildren(signature, 'ds:Signature').find((c) => c.name() === 'SignedInfo' && namespaceOf(c) === NS.ds);
  if (signedInfo === undefined) return [];
  return libxmlElementChildren(signedInfo, 'ds:SignedInfo')
    .filter((c) => c.name() === 'Reference' && namespaceOf(c) === NS.ds)
    .map((reference) => reference.attr('URI')?.value());
}

/** Only RSA public keys of a safe size: the allow-list is RSA-only, and a private key would be a caller bug. */
function checkKey(key: KeyObject): void {
  if (key === null || typeof key !== 'object' || key.type !== 'public') {
    throw new SignatureRejectedError('key', 'the verification key is not a public KeyObject');
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType !== 'rsa' || bits === undefined || bits < MIN_RSA_BITS) {
    throw new SignatureRejectedError('key', `the verification key is not RSA of at least ${MIN_RSA_BITS} bits`);
  }
}

/** The path of an element from the root: the index among its parent's element children, at each level. */
function pathOf(element: XmlDomElement): { path: number[]; names: string[] } {
  const path: number[] = [];
  const names: string[] = [];
  let current: XmlDomElement = element;
  for (;;) {
    let index = 0;
    for (let previous = current.prevElement(); previous !== null; previous = previous.prevElement()) index++;
    path.unshift(index);
    names.unshift(`{${namespaceOf(current)}}${current.name()}`);
    const parent = current.parent();
    if (parent.type() === 'document') break;
    current = parent as XmlDomElement;
  }
  return { path, names };
}

/**
 * Parses `xml` with xmldom (the parser inside xml-crypto) and returns the node at the libxml2 element's
 * position. The whole element tree of both parses must match, name by name: a differential between the two
 * parsers (security-rules.md [E9][E10]) then cannot make xml-crypto verify one tree while the caller reads
 * another. xmldom reports problems through its error handler and carries on, so they are collected and any one
 * fails the parse.
 */
function locateInXmldom(xml: string, signature: XmlDomElement): { root: XmldomNode; signatureNode: XmldomNode } {
  if (signature === null || typeof signature !== 'object' || signature.type() !== 'element'
    || signature.name() !== 'Signature' || namespaceOf(signature) !== NS.ds) {
    throw new SignatureRejectedError('document', 'the node to verify is not a ds:Signature element');
  }
  const problems: string[] = [];
  const record = (message: string): void => {
    problems.push(String(message));
  };
  let doc: DomDocument;
  try {
    doc = new DOMParser({ errorHandler: { warning: record, error: record, fatalError: record } }).parseFromString(xml, 'text/xml');
  } catch (error) {
    throw new SignatureRejectedError('document', `xmldom cannot parse the document: ${(error as Error).message}`, { cause: error });
  }
  if (problems.length > 0 || !doc?.documentElement) {
    throw new SignatureRejectedError('document', `xmldom reports: ${problems[0] ?? 'no root element'}`);
  }

  const libxmlRoot = rootOf(signature);
  compareTrees(libxmlRoot, doc.documentElement);

  const { path, names } = pathOf(signature);
  let node: DomNode = doc.documentElement;
  if (path[0] !== 0) throw new SignatureRejectedError('document', 'the signature is not in the parsed document');
  for (let level = 1; level < path.length; level++) {
    const next = xmldomElementChildren(node)[path[level]!];
    if (next === undefined) throw new SignatureRejectedError('document', 'the signature is not where xmldom sees the tree');
    node = next;
  }
  if (`{${node.namespaceURI ?? ''}}${node.localName}` !== names[names.length - 1]) {
    throw new SignatureRejectedError('document', 'xmldom and libxml2 disagree about the signature element');
  }
  return { root: doc.documentElement as unknown as XmldomNode, signatureNode: node as unknown as XmldomNode };
}

function rootOf(element: XmlDomElement): XmlDomElement {
  let current = element;
  for (let parent = current.parent(); parent.type() !== 'document'; parent = current.parent()) current = parent as XmlDomElement;
  return current;
}

/** Element children; text and CDATA are skipped without touching them, any other node type is refused. */
function libxmlElementChildren(element: XmlDomElement, where: string): XmlDomElement[] {
  const children: XmlDomElement[] = [];
  for (const child of element.childNodes()) {
    const type: string = child.type();
    if (type === 'element') children.push(child as XmlDomElement);
    else if (type !== 'text' && type !== 'cdata') {
      throw new SignatureRejectedError('document', `a "${type}" node inside ${where}`);
    }
  }
  return children;
}

function xmldomElementChildren(node: DomNode): DomNode[] {
  const children: DomNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === 1) children.push(child);
  }
  return children;
}

/** Walks both trees in step (iteratively: depth is capped by the gate, but no recursion is needed). */
function compareTrees(libxmlRoot: XmlDomElement, xmldomRoot: DomNode): void {
  const stack: [XmlDomElement, DomNode][] = [[libxmlRoot, xmldomRoot]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const nameA = `{${namespaceOf(a)}}${a.name()}`;
    const nameB = `{${b.namespaceURI ?? ''}}${b.localName}`;
    if (nameA !== nameB) throw new SignatureRejectedError('document', `libxml2 sees ${nameA} where xmldom sees ${nameB}`);
    const childrenA = libxmlElementChildren(a, nameA);
    const childrenB = xmldomElementChildren(b);
    if (childrenA.length !== childrenB.length) {
      throw new SignatureRejectedError('document', `libxml2 and xmldom see a different number of children in ${nameA}`);
    }
    for (let i = 0; i < childrenA.length; i++) stack.push([childrenA[i]!, childrenB[i]!]);
  }
}
