/**
 * Cryptographic verification of one XML signature, under the rules of security-rules.md section 3.2 (rules 2,
 * 3, 5, 6 and 8), on the SDK's own parsed tree with the SDK's exclusive canonicalizer:
 *
 * - only the key the caller resolved and trusts: KeyInfo is never read for a key (CVE-2024-32962), HMAC does
 *   not exist here (GHSA-c27r-x354-4m68);
 * - only the allow-listed algorithms, whatever the structure check was configured with: RSA-SHA256/512,
 *   SHA-256/512 digests, exclusive c14n without comments, transforms `[exc-c14n]` or `[enveloped-signature,
 *   exc-c14n]`; SHA-1, inclusive c14n and the `#WithComments` variants are refused [E6];
 * - `idAttributes` is exactly the caller's list: references resolve by local name in any namespace (as
 *   xml-crypto does, section 1 row 8), so the list is kept as narrow as the token type allows;
 * - the Signature element must come from the strict parse of the very string given, and that tree may hold only
 *   elements, text and CDATA (no comment could then sit unsigned inside signed content);
 * - core validation ({@link verifyTreeSignature}): the SignatureValue over the canonical SignedInfo first, then
 *   each referenced element found in one pass and canonicalized once. One parser, libxml2, reads what is verified
 *   and what the caller reads: the xmldom parse xml-crypto needed (and the tree comparison that kept the two
 *   parsers in step, section 1 row 9) is gone, with its cost (issue 12);
 * - the result is the canonical bytes each Reference digested, byte for byte what xml-crypto's
 *   `getSignedReferences()` returned for the same document (verify-signed-xml-engine.test.ts). Callers re-parse
 *   them strictly and read business data from them only (section 3.2 rule 6), never from the original tree.
 *
 * Run {@link checkSignatureStructure} on the same Signature element first: this function verifies, it does
 * not decide which signatures are acceptable.
 * @public
 */
import type { KeyObject } from 'node:crypto';
import { NS } from '../xml/namespaces.js';
import { sourceOfTree, type XmlDomElement } from '../xml/strict-parse.js';
import { namespaceOf } from './element-content.js';
import { SignatureRejectedError } from './signature-rejected-error.js';
import { verifyTreeSignature } from './verify-tree-signature.js';

/** RSA below 2048 bits is refused (security-rules.md section 3.2 rule 8, section 6.2: raised from WSS4J's 1024). */
const MIN_RSA_BITS = 2048;
const NC_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
/**
 * Verifies the signature `signature` in `xml` with `key`.
 *
 * @param xml - the document exactly as it was gated and strictly parsed.
 * @param signature - the `ds:Signature` element of {@link parseStrictXml}'s tree of `xml` (already accepted by
 *   {@link checkSignatureStructure}).
 * @param key - the RSA public key the caller trusts for this signature (never one taken from KeyInfo).
 * @param idAttributes - the unprefixed names of the ID attributes references may point at (`['ID']` for SAML
 *   2.0, `['AssertionID']` for SAML 1.1, `['Id']` for `wsu:Id`).
 * @returns the canonical signed bytes, one string per Reference, in `SignedInfo` order.
 * @throws {@link SignatureRejectedError} `key` for a key that is not RSA of at least 2048 bits, `document` when
 *   the signature is not from the strict parse of `xml` or the document holds a comment, `verification` for a
 *   signature that does not verify or uses anything outside the allow-list.
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
  const root = documentRoot(xml, signature);
  const { canonical, uris } = verifyTreeSignature(root, signature, key, idAttributes);
  if (uris.length === 0 || canonical.length !== uris.length || !canonical.every((s) => typeof s === 'string' && s.length > 0)) {
    throw new SignatureRejectedError('verification', 'no signed content for some reference');
  }
  return Object.freeze([...canonical]);
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

/**
 * The root of the tree `signature` belongs to, after checking that the tree is the strict parse of `xml` (the
 * caller verifies the text it was handed, and reads what that text says) and that it holds nothing but
 * elements, text and CDATA: a comment is what exclusive c14n without comments would leave unsigned.
 */
function documentRoot(xml: string, signature: XmlDomElement): XmlDomElement {
  if (signature === null || typeof signature !== 'object' || typeof signature.type !== 'function' || signature.type() !== 'element'
    || signature.name() !== 'Signature' || namespaceOf(signature) !== NS.ds) {
    throw new SignatureRejectedError('document', 'the node to verify is not a ds:Signature element');
  }
  if (sourceOfTree(signature.doc()) !== xml) {
    throw new SignatureRejectedError('document', 'the Signature element is not from the strict parse of this text');
  }
  const root = signature.doc().root()!;
  const stack: XmlDomElement[] = [root];
  while (stack.length > 0) {
    for (const child of stack.pop()!.childNodes()) {
      const type: string = child.type();
      if (type === 'element') stack.push(child as XmlDomElement);
      else if (type !== 'text' && type !== 'cdata') throw new SignatureRejectedError('document', `a "${type}" node in the signed document`);
    }
  }
  return root;
}
