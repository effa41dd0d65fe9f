/**
 * XML signature core validation (XMLDSig 1.1 section 3.2) of one `ds:Signature` in the SDK's parsed tree, the
 * tree libxml2 read, with the SDK's own exclusive canonicalizer (render-exc-c14n.ts, the signer's): no second
 * parser, so nothing for a parser differential to split (security-rules.md section 1 row 9, [E9][E10]), and no
 * second parse of the document (issue 12: xmldom's parse and xml-crypto's canonicalizer were 17 % of a
 * Validate's worker time).
 *
 * The canonical bytes are those xml-crypto's `checkSignature` returned for the same documents (checked in
 * test/sdk/signing/verify-signed-xml-engine.test.ts against xml-crypto, and xmlsec1 signs what it verifies).
 *
 * Rules (security-rules.md section 3.2 rules 3-6, section 1 rows 7, 12, 16-21), as before:
 * - exactly one SignedInfo and one SignatureValue; nothing but elements and whitespace in SignedInfo, except
 *   the base64 text of DigestValue (a comment there was CVE-2025-29775); what is read is what is canonicalized;
 * - CanonicalizationMethod exclusive c14n without comments; SignatureMethod RSA-SHA256 or RSA-SHA512; digests
 *   SHA-256 or SHA-512; transforms `[exc-c14n]` or `[enveloped-signature, exc-c14n]`; anything else refused,
 *   however the structure check was configured;
 * - the SignatureValue is checked first, over the canonical SignedInfo, with the caller's key only, so an
 *   unauthenticated sender cannot make us canonicalize the referenced content (row 20);
 * - each Reference `#id` resolves to exactly one element carrying an attribute whose local name is in
 *   `idAttributes` (any namespace, as xml-crypto matches) with that value; two such elements are refused (row 7);
 * - each digest is compared in constant time;
 * - what the canonicalizer cannot render faithfully (render-exc-c14n.ts: a namespace URI with characters c14n
 *   would have to escape, U+0085, U+2028, U+2029) is refused, not approximated.
 * @internal
 */
import { createHash, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { XmlDomElement } from '../xml/strict-parse.js';
import { xmlNodeFromElement } from '../xml/xml-node-from-string.js';
import { namespaceOf } from './element-content.js';
import { renderExcC14n } from './render-exc-c14n.js';
import { DigestAlgorithm, ENVELOPED_SIGNATURE, EXC_C14N, SignatureAlgorithm } from './signature-algorithms.js';
import { SignatureRejectedError } from './signature-rejected-error.js';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
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

interface Reference {
  readonly uri: string;
  readonly enveloped: boolean;
  readonly prefixList: readonly string[];
  readonly hash: string;
  readonly digest: Buffer;
}

/**
 * Verifies `signature` (an element of the tree rooted at `root`) with `key`; returns the canonical bytes of each
 * Reference in SignedInfo order, and the URIs it verified. Throws {@link SignatureRejectedError} `verification`
 * on any failure.
 * @internal
 */
export function verifyTreeSignature(
  root: XmlDomElement,
  signature: XmlDomElement,
  key: KeyObject,
  idAttributes: readonly string[],
): { readonly canonical: readonly string[]; readonly uris: readonly string[] } {
  const [signedInfo, ...moreSignedInfo] = dsChildren(signature, 'SignedInfo');
  const [signatureValue, ...moreValues] = dsChildren(signature, 'SignatureValue');
  if (signedInfo === undefined || moreSignedInfo.length > 0) reject('the Signature does not have exactly one SignedInfo');
  if (signatureValue === undefined || moreValues.length > 0) reject('the Signature does not have exactly one SignatureValue');
  assertOnlyElements(signedInfo, false);

  const [method, signatureMethod, ...referenceElements] = signedInfo.elementChildren();
  if (!isDs(method, 'CanonicalizationMethod') || attribute(method, 'Algorithm') !== EXC_C14N) {
    reject('SignedInfo is not canonicalized with exclusive c14n without comments');
  }
  const signatureHash = isDs(signatureMethod, 'SignatureMethod') ? HASH_OF_SIGNATURE[attribute(signatureMethod, 'Algorithm') ?? ''] : undefined;
  if (signatureHash === undefined) reject('the SignatureMethod is not an allowed algorithm');
  if (referenceElements.length === 0 || referenceElements.length > MAX_REFERENCES) reject('SignedInfo has no or too many References');
  const references = referenceElements.map(readReference);

  // SignedInfo first (XMLDSig 1.1 section 3.2.2), with the PrefixList its CanonicalizationMethod names.
  const canonicalSignedInfo = canonicalize(signedInfo, undefined, prefixListOf(method));
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
    if (reference.enveloped && !contains(element, signature)) reject('an enveloped-signature Reference does not contain its Signature');
    const bytes = canonicalize(element, reference.enveloped ? signature : undefined, reference.prefixList);
    const digest = createHash(reference.hash).update(bytes, 'utf8').digest();
    if (digest.length !== reference.digest.length || !timingSafeEqual(digest, reference.digest)) reject(`the digest of Reference ${reference.uri} does not match`);
    return bytes;
  });
  return { canonical, uris: references.map((r) => r.uri) };
}

function readReference(element: XmlDomElement | undefined): Reference {
  if (!isDs(element, 'Reference')) reject('SignedInfo holds something other than References');
  const uri = attribute(element, 'URI') ?? '';
  if (!REFERENCE_URI.test(uri)) reject('a Reference URI is not "#" followed by an ID');
  const [transformsElement, digestMethod, digestValue, ...rest] = element.elementChildren();
  if (!isDs(transformsElement, 'Transforms') || !isDs(digestMethod, 'DigestMethod') || !isDs(digestValue, 'DigestValue') || rest.length > 0) {
    reject('a Reference is not Transforms, DigestMethod, DigestValue');
  }
  const transforms = transformsElement.elementChildren();
  const algorithms = transforms.map((t) => (isDs(t, 'Transform') ? attribute(t, 'Algorithm') : undefined));
  const enveloped = algorithms.length === 2 && algorithms[0] === ENVELOPED_SIGNATURE && algorithms[1] === EXC_C14N;
  if (!enveloped && !(algorithms.length === 1 && algorithms[0] === EXC_C14N)) {
    reject('a Reference\'s transforms are not [exc-c14n] or [enveloped-signature, exc-c14n]');
  }
  if (enveloped && transforms[0]!.elementChildren().length > 0) reject('the enveloped-signature transform has parameters');
  const hash = HASH_OF_DIGEST[attribute(digestMethod, 'Algorithm') ?? ''];
  if (hash === undefined) reject('a DigestMethod is not an allowed algorithm');
  return { uri, enveloped, prefixList: prefixListOf(transforms[transforms.length - 1]!), hash, digest: base64(textOf(digestValue), 'DigestValue') };
}

/**
 * The PrefixList of the `ec:InclusiveNamespaces` that an exc-c14n CanonicalizationMethod or Transform may hold as
 * its one child (xml-exc-c14n section 3): whitespace-separated prefixes.
 */
function prefixListOf(method: XmlDomElement): readonly string[] {
  const [inclusive, ...rest] = method.elementChildren();
  if (inclusive === undefined) return [];
  if (rest.length > 0 || namespaceOf(inclusive) !== EXC_C14N || inclusive.name() !== 'InclusiveNamespaces') {
    reject('the exc-c14n method has a parameter other than one InclusiveNamespaces');
  }
  return (attribute(inclusive, 'PrefixList') ?? '').split(/[ \t\r\n]+/).filter((p) => p !== '');
}

/** Exc-c14n of `element` as the apex of the node set, `without` (the enveloped Signature) left out. */
function canonicalize(element: XmlDomElement, without: XmlDomElement | undefined, prefixList: readonly string[]): string {
  try {
    return renderExcC14n(xmlNodeFromElement(element, without), { inclusivePrefixes: prefixList }).canonical;
  } catch (error) {
    // The renderer's TypeErrors name what it will not render (render-exc-c14n.ts); nothing else is expected.
    if (error instanceof TypeError) reject(`the signed content cannot be canonicalized: ${error.message}`);
    throw error;
  }
}

/** XMLDSig 1.1 section 6.6.4: the enveloped-signature transform removes the Signature inside the element. */
function contains(element: XmlDomElement, descendant: XmlDomElement): boolean {
  for (let node: XmlDomElement | null = descendant; node !== null; ) {
    if (node === element) return true;
    const parent = node.parent();
    node = parent.type() === 'element' ? (parent as XmlDomElement) : null;
  }
  return false;
}

/** One pass over the tree: ID value → the elements carrying it in an attribute named in `names` (any namespace). */
function indexIds(root: XmlDomElement, names: ReadonlySet<string>): Map<string, XmlDomElement[]> {
  const index = new Map<string, XmlDomElement[]>();
  const stack: XmlDomElement[] = [root];
  while (stack.length > 0) {
    const element = stack.pop()!;
    for (const a of element.attrs()) {
      if (!names.has(a.name())) continue;
      const list = index.get(a.value());
      if (list === undefined) index.set(a.value(), [element]);
      else list.push(element);
    }
    stack.push(...element.elementChildren());
  }
  return index;
}

/** Nothing but elements and whitespace, except text in DigestValue (and nothing but text there). */
function assertOnlyElements(element: XmlDomElement, textAllowed: boolean): void {
  for (const child of element.childNodes()) {
    const type: string = child.type();
    if (type === 'element') {
      const inner = child as XmlDomElement;
      const isValue = isDs(inner, 'DigestValue');
      if (isValue && inner.elementChildren().length > 0) reject('a DigestValue holds an element');
      assertOnlyElements(inner, isValue);
    } else if (type !== 'text' || (!textAllowed && child.text().replace(XML_WHITESPACE, '') !== '')) {
      reject('SignedInfo holds a node other than elements and whitespace');
    }
  }
}

function textOf(element: XmlDomElement): string {
  let text = '';
  for (const child of element.childNodes()) {
    if (child.type() !== 'text') reject(`${element.name()} holds something other than text`);
    text += child.text();
  }
  return text;
}

function base64(text: string, what: string): Buffer {
  const compact = text.replace(XML_WHITESPACE, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) reject(`${what} is not base64`);
  return Buffer.from(compact, 'base64');
}

function dsChildren(element: XmlDomElement, localName: string): XmlDomElement[] {
  return element.elementChildren().filter((c) => isDs(c, localName));
}

function isDs(element: XmlDomElement | undefined, localName: string): element is XmlDomElement {
  return element !== undefined && element.name() === localName && namespaceOf(element) === DS;
}

/** An unqualified attribute (XMLDSig's attributes are in no namespace). */
function attribute(element: XmlDomElement, name: string): string | undefined {
  return element.attrs().find((a) => a.name() === name && a.namespace() === null)?.value();
}

function reject(reason: string): never {
  throw new SignatureRejectedError('verification', reason);
}
