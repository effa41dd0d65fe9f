/**
 * XML signature core validation (XMLDSig 1.1 section 3.2) of one `ds:Signature` in an xmldom tree that
 * {@link verifySignedXml} has already parsed and matched against libxml2's, with xml-crypto's own
 * ExclusiveCanonicalization and EnvelopedSignature transforms, so the canonical bytes are exactly those
 * `SignedXml.checkSignature` produced (its enveloped-signature transform, which only removes the Signature, is
 * done here), but without its costs: no second parse of the document, no re-parse
 * of SignedInfo, and no XPath search per ID attribute name (about 4 ms of the 4.9 ms a small SAML assertion
 * took, issue 12). Each referenced element is found through one pass over the tree and canonicalized once.
 *
 * Rules (security-rules.md section 3.2 rules 3-6, section 1 rows 7, 12, 16-21):
 * - exactly one SignedInfo and one SignatureValue; nothing but elements and whitespace in SignedInfo, except
 *   the base64 text of DigestValue (a comment there was CVE-2025-29775); what is read is what is canonicalized;
 * - CanonicalizationMethod exclusive c14n without comments; SignatureMethod RSA-SHA256 or RSA-SHA512; digests
 *   SHA-256 or SHA-512; transforms `[exc-c14n]` or `[enveloped-signature, exc-c14n]`; anything else refused,
 *   however the structure check was configured;
 * - the SignatureValue is checked first, over the canonical SignedInfo, with the caller's key only, so an
 *   unauthenticated sender cannot make us canonicalize the referenced content (row 20);
 * - each Reference `#id` resolves to exactly one element carrying an attribute whose local name is in
 *   `idAttributes` (any namespace, as xml-crypto matches) with that value; two such elements are refused (row 7);
 * - each digest is compared in constant time.
 * @internal
 */
import { createHash, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { ExclusiveCanonicalization } from 'xml-crypto';
import { DigestAlgorithm, ENVELOPED_SIGNATURE, EXC_C14N, SignatureAlgorithm } from './signature-algorithms.js';
import { SignatureRejectedError } from './signature-rejected-error.js';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const ELEMENT = 1;
const TEXT = 3;
const REFERENCE_URI = /^#[A-Za-z_][A-Za-z0-9._-]{0,127}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const XML_WHITESPACE = /[ \t\r\n]/g;
/** Santuario's secure-validation cap (security-rules.md section 6.2); profiles allow far fewer. */
const MAX_REFERENCES = 30;
const HASH_OF_SIGNATURE: Readonly<Record<string, string>> = Object.freeze({
  [SignatureAlgorithm.RsaSha256]: 'sha256',
  [SignatureAlgorithm.RsaSha512]: 'sha512',
});
const HASH_OF_DIGEST: Readonly<Record<string, string>> = Object.freeze({
  [DigestAlgorithm.Sha256]: 'sha256',
  [DigestAlgorithm.Sha512]: 'sha512',
});
/** xml-crypto's default for a `ds:` element that xmldom left without a namespace (SignedXml.defaultNsForPrefix). */
const DEFAULT_NS_FOR_PREFIX = Object.freeze({ ds: DS });

/** The slice of xmldom's DOM used here (typed locally: xmldom's own typings pull the DOM lib into the SDK). */
export interface XmldomNode {
  readonly nodeType: number;
  readonly firstChild: XmldomNode | null;
  readonly nextSibling: XmldomNode | null;
  readonly parentNode: XmldomNode | null;
  readonly childNodes: ArrayLike<XmldomNode>;
  readonly namespaceURI: string | null;
  readonly localName: string | null;
  readonly nodeName: string;
  readonly data?: string;
  readonly attributes?: ArrayLike<{ readonly nodeName: string; readonly localName: string; readonly value: string; readonly nodeValue: string }>;
  getAttribute?(name: string): string | null;
  cloneNode(deep: boolean): XmldomNode;
  removeChild(child: XmldomNode): void;
  insertBefore(child: XmldomNode, before: XmldomNode | null): void;
}

interface Reference {
  readonly uri: string;
  readonly enveloped: boolean;
  readonly prefixList: readonly string[];
  readonly hash: string;
  readonly digest: Buffer;
}

/**
 * Verifies `signature` (an element of the xmldom tree rooted at `root`) with `key`; returns the canonical bytes
 * of each Reference in SignedInfo order, and the URIs it verified. Throws {@link SignatureRejectedError}
 * `verification` on any failure.
 * @internal
 */
export function verifyXmldomSignature(
  root: XmldomNode,
  signature: XmldomNode,
  key: KeyObject,
  idAttributes: readonly string[],
): { readonly canonical: readonly string[]; readonly uris: readonly string[] } {
  const [signedInfo, ...moreSignedInfo] = dsChildren(signature, 'SignedInfo');
  const [signatureValue, ...moreValues] = dsChildren(signature, 'SignatureValue');
  if (signedInfo === undefined || moreSignedInfo.length > 0) reject('the Signature does not have exactly one SignedInfo');
  if (signatureValue === undefined || moreValues.length > 0) reject('the Signature does not have exactly one SignatureValue');
  assertOnlyElements(signedInfo, false);

  const children = elementChildren(signedInfo);
  const [method, signatureMethod, ...referenceElements] = children;
  if (!isDs(method, 'CanonicalizationMethod') || attribute(method, 'Algorithm') !== EXC_C14N) {
    reject('SignedInfo is not canonicalized with exclusive c14n without comments');
  }
  const signatureHash = isDs(signatureMethod, 'SignatureMethod') ? HASH_OF_SIGNATURE[attribute(signatureMethod, 'Algorithm') ?? ''] : undefined;
  if (signatureHash === undefined) reject('the SignatureMethod is not an allowed algorithm');
  if (referenceElements.length === 0 || referenceElements.length > MAX_REFERENCES) reject('SignedInfo has no or too many References');
  const references = referenceElements.map(readReference);

  // SignedInfo first: exc-c14n of the element as it sits in the document (its ancestors' namespaces matter
  // only for a PrefixList, which ExclusiveCanonicalization looks up on CanonicalizationMethod itself).
  const canonicalSignedInfo = canonicalize(signedInfo, false, signature, []);
  const value = base64(textOf(signatureValue), 'SignatureValue');
  let valid = false;
  try {
    valid = verify(signatureHash, Buffer.from(canonicalSignedInfo, 'utf8'), key, value);
  } catch {
    valid = false;
  }
  if (!valid) reject('the SignatureValue does not verify with the key');

  const index = indexIds(root, new Set(idAttributes));
  const canonical = references.map((reference) => {
    const elements = index.get(reference.uri.slice(1)) ?? [];
    if (elements.length > 1) reject(`more than one element carries the ID of Reference ${reference.uri}`);
    const element = elements[0];
    if (element === undefined) reject(`no element carries the ID of Reference ${reference.uri}`);
    const bytes = canonicalize(element, reference.enveloped, signature, reference.prefixList);
    const digest = createHash(reference.hash).update(bytes, 'utf8').digest();
    if (digest.length !== reference.digest.length || !timingSafeEqual(digest, reference.digest)) reject(`the digest of Reference ${reference.uri} does not match`);
    return bytes;
  });
  return { canonical, uris: references.map((r) => r.uri) };
}

function readReference(element: XmldomNode | undefined): Reference {
  if (element === undefined || !isDs(element, 'Reference')) reject('SignedInfo holds something other than References');
  const uri = attribute(element, 'URI') ?? '';
  if (!REFERENCE_URI.test(uri)) reject('a Reference URI is not "#" followed by an ID');
  const [transformsElement, digestMethod, digestValue, ...rest] = elementChildren(element);
  if (!isDs(transformsElement, 'Transforms') || !isDs(digestMethod, 'DigestMethod') || !isDs(digestValue, 'DigestValue') || rest.length > 0) {
    reject('a Reference is not Transforms, DigestMethod, DigestValue');
  }
  const transforms = elementChildren(transformsElement);
  const algorithms = transforms.map((t) => (isDs(t, 'Transform') ? attribute(t, 'Algorithm') : undefined));
  const enveloped = algorithms.length === 2 && algorithms[0] === ENVELOPED_SIGNATURE && algorithms[1] === EXC_C14N;
  if (!enveloped && !(algorithms.length === 1 && algorithms[0] === EXC_C14N)) {
    reject('a Reference\'s transforms are not [exc-c14n] or [enveloped-signature, exc-c14n]');
  }
  if (enveloped && elementChildren(transforms[0]!).length > 0) reject('the enveloped-signature transform has parameters');
  const hash = HASH_OF_DIGEST[attribute(digestMethod, 'Algorithm') ?? ''];
  if (hash === undefined) reject('a DigestMethod is not an allowed algorithm');
  return { uri, enveloped, prefixList: prefixListOf(transforms[transforms.length - 1]!), hash, digest: base64(textOf(digestValue), 'DigestValue') };
}

/** The PrefixList of an exc-c14n transform's `ec:InclusiveNamespaces`, the only child it may have. */
function prefixListOf(transform: XmldomNode): readonly string[] {
  const [inclusive, ...rest] = elementChildren(transform);
  if (inclusive === undefined) return [];
  if (rest.length > 0 || inclusive.namespaceURI !== EXC_C14N || inclusive.localName !== 'InclusiveNamespaces') {
    reject('the exc-c14n transform has a parameter other than one InclusiveNamespaces');
  }
  return (attribute(inclusive, 'PrefixList') ?? '').split(' ').filter((p) => p !== '');
}

/**
 * Exc-c14n of `element` as xml-crypto computes it: with the signature left out for the enveloped-signature
 * transform, and with the ancestors' namespace declarations for an inclusive prefix.
 *
 * xml-crypto's `process()` only reads the tree, except that when a prefix of its inclusive list (given, or found
 * in a `CanonicalizationMethod` child, as for SignedInfo) is declared by an ancestor it declares that namespace on
 * the element itself: that case runs on a deep copy, as xml-crypto's own verifier does. Otherwise it runs on the
 * element in place, with an enveloped Signature detached for the call and put back where it was. (Copying was
 * costly: xmldom's cloneNode walks every inherited property of every node; copying each SignedInfo took about 5 %
 * of an X.509-signed request's worker time, issue 12.)
 */
function canonicalize(element: XmldomNode, enveloped: boolean, signature: XmldomNode, prefixList: readonly string[]): string {
  const options = {
    inclusiveNamespacesPrefixList: [...prefixList],
    ancestorNamespaces: ancestorNamespaces(element),
    defaultNsForPrefix: { ...DEFAULT_NS_FOR_PREFIX },
  };
  const path = enveloped ? pathTo(signature, element) : undefined;
  if (declaresAncestorNamespace(element, prefixList, options.ancestorNamespaces)) {
    const copy = element.cloneNode(true);
    if (path !== undefined) {
      const signatureInCopy = path.reduce<XmldomNode>((at, i) => at.childNodes[i]!, copy);
      signatureInCopy.parentNode!.removeChild(signatureInCopy);
    }
    return new ExclusiveCanonicalization().process(copy as never, options as never);
  }
  if (path === undefined) return new ExclusiveCanonicalization().process(element as never, options as never);
  const parent = signature.parentNode!;
  const next = signature.nextSibling;
  parent.removeChild(signature);
  try {
    return new ExclusiveCanonicalization().process(element as never, options as never);
  } finally {
    parent.insertBefore(signature, next);
  }
}

/**
 * Whether xml-crypto's `process()` would write to `element`: it takes the prefix list it is given or, when that is
 * empty, the PrefixList of the first `InclusiveNamespaces` child of the first `CanonicalizationMethod` child (by
 * local name, split on single spaces), and declares on the element each listed prefix an ancestor declares.
 */
function declaresAncestorNamespace(element: XmldomNode, prefixList: readonly string[], ancestors: readonly { prefix: string }[]): boolean {
  let effective: readonly string[] = prefixList;
  if (effective.length === 0) {
    const method = elementChildren(element).find((c) => c.localName === 'CanonicalizationMethod');
    const inclusive = method === undefined ? undefined : elementChildren(method).find((c) => c.localName === 'InclusiveNamespaces');
    effective = inclusive === undefined ? [] : (attribute(inclusive, 'PrefixList') ?? '').split(' ');
  }
  return effective.some((prefix) => ancestors.some((a) => a.prefix === prefix));
}

/**
 * The child indexes from `element` down to `signature`. XMLDSig 1.1 section 6.6.4: the enveloped-signature
 * transform removes the Signature that contains it, which must therefore be inside the referenced element.
 */
function pathTo(signature: XmldomNode, element: XmldomNode): number[] {
  const path: number[] = [];
  let node: XmldomNode = signature;
  while (node !== element && node.parentNode !== null) {
    path.push(Array.prototype.indexOf.call(node.parentNode.childNodes, node));
    node = node.parentNode;
  }
  if (node !== element) reject('an enveloped-signature Reference does not contain its Signature');
  return path.reverse();
}

/**
 * The namespace declarations of `element`'s ancestors, nearest first and one per prefix, without those the
 * element declares itself or its own prefix and without undeclarations (as xml-crypto's findAncestorNs).
 */
function ancestorNamespaces(element: XmldomNode): { prefix: string; namespaceURI: string }[] {
  const own = new Set<string>([element.nodeName.includes(':') ? element.nodeName.slice(0, element.nodeName.indexOf(':')) : '']);
  for (const a of Array.from(element.attributes ?? [])) if (a.nodeName === 'xmlns' || a.nodeName.startsWith('xmlns:')) own.add(a.nodeName.slice(6));
  const seen = new Set<string>();
  const result: { prefix: string; namespaceURI: string }[] = [];
  for (let parent = element.parentNode; parent !== null && parent.nodeType === ELEMENT; parent = parent.parentNode) {
    for (const a of Array.from(parent.attributes ?? [])) {
      if (a.nodeName !== 'xmlns' && !a.nodeName.startsWith('xmlns:')) continue;
      const prefix = a.nodeName.slice(6);
      if (seen.has(prefix)) continue;
      seen.add(prefix);
      if (a.nodeValue !== '' && !own.has(prefix)) result.push({ prefix, namespaceURI: a.nodeValue });
    }
  }
  return result;
}

/** One pass over the tree: ID value → the elements carrying it in an attribute named in `names` (any namespace). */
function indexIds(root: XmldomNode, names: ReadonlySet<string>): Map<string, XmldomNode[]> {
  const index = new Map<string, XmldomNode[]>();
  const stack: XmldomNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const a of Array.from(node.attributes ?? [])) {
      if (!names.has(a.localName) || a.nodeName === 'xmlns' || a.nodeName.startsWith('xmlns:')) continue;
      const list = index.get(a.value);
      if (list === undefined) index.set(a.value, [node]);
      else list.push(node);
    }
    for (let child = node.firstChild; child !== null; child = child.nextSibling) if (child.nodeType === ELEMENT) stack.push(child);
  }
  return index;
}

/** Nothing but elements and whitespace, except text in DigestValue (and nothing but text there). */
function assertOnlyElements(node: XmldomNode, textAllowed: boolean): void {
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType === ELEMENT) {
      const isValue = child.namespaceURI === DS && child.localName === 'DigestValue';
      if (isValue && elementChildren(child).length > 0) reject('a DigestValue holds an element');
      assertOnlyElements(child, isValue);
    } else if (child.nodeType !== TEXT || (!textAllowed && (child.data ?? '').replace(XML_WHITESPACE, '') !== '')) {
      reject('SignedInfo holds a node other than elements and whitespace');
    }
  }
}

function textOf(element: XmldomNode): string {
  let text = '';
  for (let child = element.firstChild; child !== null; child = child.nextSibling) {
    if (child.nodeType !== TEXT) reject(`${element.localName ?? 'an element'} holds something other than text`);
    text += child.data ?? '';
  }
  return text;
}

function base64(text: string, what: string): Buffer {
  const compact = text.replace(XML_WHITESPACE, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) reject(`${what} is not base64`);
  return Buffer.from(compact, 'base64');
}

function elementChildren(node: XmldomNode): XmldomNode[] {
  const children: XmldomNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) if (child.nodeType === ELEMENT) children.push(child);
  return children;
}

function dsChildren(node: XmldomNode, localName: string): XmldomNode[] {
  return elementChildren(node).filter((c) => isDs(c, localName));
}

function isDs(node: XmldomNode | undefined, localName: string): node is XmldomNode {
  return node !== undefined && node.namespaceURI === DS && node.localName === localName;
}

function attribute(node: XmldomNode, name: string): string | undefined {
  return node.getAttribute?.(name) ?? undefined;
}

function reject(reason: string): never {
  throw new SignatureRejectedError('verification', reason);
}
