/**
 * Cryptographic verification of one XML signature with xml-crypto 6, under the rules of security-rules.md
 * section 3.2 (rules 2, 3, 5, 6 and 8):
 *
 * - one `SignedXml` per call, holding only the key the caller resolved and trusts: `publicCert` is that key
 *   and `getCertFromKeyInfo` is written out as `() => null`, so KeyInfo can never supply a key
 *   (CVE-2024-32962); HMAC is never enabled (GHSA-c27r-x354-4m68);
 * - the instance's algorithm maps are pruned to the allow-list: SHA-1, RSA-SHA1, HMAC-SHA1, RSA-PSS, inclusive
 *   c14n and both `#WithComments` variants are deleted, and anything a later xml-crypto adds is deleted too,
 *   so a signature that slipped past the structure check still cannot use them [E6];
 * - `idAttributes` is exactly the caller's list: xml-crypto matches ID attributes by local name in any
 *   namespace (section 1 row 8), so the list is kept as narrow as the token type allows;
 * - `loadSignature` gets the Signature node from an xmldom parse of the very string then passed to
 *   `checkSignature`, and that parse must be error-free and see the same element tree as libxml2 saw (section 1
 *   row 9: the two parsers must agree on what is being verified);
 * - anything but `checkSignature(xml) === true` fails: `false` (a bad digest [E5]), a throw, `undefined`;
 * - the result is `getSignedReferences()`: the canonical bytes each Reference digested. Callers re-parse them
 *   strictly and read business data from them only (section 3.2 rule 6), never from the original DOM.
 *
 * Run {@link checkSignatureStructure} on the same Signature element first: this function verifies, it does
 * not decide which signatures are acceptable.
 * @public
 */
import type { KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { SignedXml } from 'xml-crypto';
import { NS } from '../xml/namespaces.js';
import type { XmlDomElement } from '../xml/strict-parse.js';
import { namespaceOf } from './element-content.js';
import { DigestAlgorithm, ENVELOPED_SIGNATURE, EXC_C14N, SignatureAlgorithm } from './signature-algorithms.js';
import { SignatureRejectedError } from './signature-rejected-error.js';
import { quoteForLog } from '../quote-for-log.js';

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
const ALLOWED_SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set(Object.values(SignatureAlgorithm));
const ALLOWED_DIGEST_ALGORITHMS: ReadonlySet<string> = new Set(Object.values(DigestAlgorithm));
const ALLOWED_TRANSFORMS: ReadonlySet<string> = new Set([EXC_C14N, ENVELOPED_SIGNATURE]);
/** The entries named by security-rules.md section 3.2 rule 3, deleted explicitly before the allow-list sweep. */
const PRUNED = Object.freeze({
  signature: ['http://www.w3.org/2000/09/xmldsig#rsa-sha1', 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'],
  hash: ['http://www.w3.org/2000/09/xmldsig#sha1'],
  canonicalization: [
    'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
    'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
    'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  ],
});

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
 *   xmldom cannot parse `xml` cleanly or sees another tree than libxml2, `verification` for anything but a
 *   clean `true` from xml-crypto.
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
  const signatureNode = locateInXmldom(xml, signature);

  const verifier = new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null });
  verifier.idAttributes = [...idAttributes];
  pruneAlgorithms(verifier);

  let valid: unknown;
  try {
    verifier.loadSignature(signatureNode as unknown as Parameters<SignedXml['loadSignature']>[0]);
    valid = verifier.checkSignature(xml);
  } catch (error) {
    // xml-crypto's messages quote request text: the whole SignatureValue ("the signature value … is
    // incorrect") or a whole Reference. Only a bounded description reaches the log, and not the error itself.
    throw new SignatureRejectedError('verification', describeXmlCryptoError(error));
  }
  if (valid !== true) throw new SignatureRejectedError('verification', 'a digest does not match');

  const signed = verifier.getSignedReferences();
  const verifiedUris = verifier.getReferences().map((reference) => reference.uri);
  // One canonical string per reference, or the result cannot be trusted to cover what SignedInfo lists.
  if (verifiedUris.length === 0 || signed.length !== verifiedUris.length || !signed.every((s) => typeof s === 'string' && s.length > 0)) {
    throw new SignatureRejectedError('verification', 'xml-crypto returned no signed content for some reference');
  }
  // xml-crypto read the references from its own canonical SignedInfo; the caller's structure check read them
  // from libxml2's. Both must name the same elements, in the same order.
  const checkedUris = referenceUris(signature);
  if (checkedUris.length !== verifiedUris.length || checkedUris.some((uri, index) => uri !== verifiedUris[index])) {
    throw new SignatureRejectedError('verification', 'xml-crypto verified other references than the SignedInfo libxml2 reads');
  }
  return Object.freeze([...signed]);
}

/** xml-crypto's refusal in words that quote nothing the sender chose beyond a short, bounded excerpt. */
function describeXmlCryptoError(error: unknown): string {
  const message = String((error as Error | undefined)?.message ?? error);
  if (message.startsWith('invalid signature:')) return 'the SignatureValue does not verify with the key';
  return `xml-crypto refused it: ${quoteForLog(message, 80)}`;
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

function pruneAlgorithms(verifier: SignedXml): void {
  const maps: [Record<string, unknown>, readonly string[], ReadonlySet<string>][] = [
    [verifier.SignatureAlgorithms as Record<string, unknown>, PRUNED.signature, ALLOWED_SIGNATURE_ALGORITHMS],
    [verifier.HashAlgorithms as Record<string, unknown>, PRUNED.hash, ALLOWED_DIGEST_ALGORITHMS],
    [verifier.CanonicalizationAlgorithms as Record<string, unknown>, PRUNED.canonicalization, ALLOWED_TRANSFORMS],
  ];
  for (const [map, named, allowed] of maps) {
    for (const uri of named) delete map[uri];
    for (const uri of Object.keys(map)) if (!allowed.has(uri)) delete map[uri];
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
function locateInXmldom(xml: string, signature: XmlDomElement): DomNode {
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
  return node;
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
