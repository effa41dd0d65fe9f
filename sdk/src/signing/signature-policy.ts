/**
 * The signature pre-validation every verifier in the STS runs before {@link verifySignedXml} sees a signature
 * (security-rules.md section 3.2 rule 4, section 6.2 and the Signature rules of section 6.3; BSP 1.1).
 *
 * A generic XMLDSig verifier (xml-crypto's, for one) verifies whatever a signature says: any number of
 * references and transforms, SHA-1, comments in a DigestValue before 6.0.1, a KeyInfo it could be told to trust.
 * Which signatures are acceptable is our decision, taken here on the strict libxml2 tree, so that a refused signature costs no canonicalization work
 * ([E8]: digests are computed before the signature value is checked). The subset accepted is XMLDSig with:
 *
 * - `Signature` = `SignedInfo`, `SignatureValue`, optional `KeyInfo`, nothing else (no `ds:Object`: XSW8, BSP
 *   R3102), each at most once and in that order (XMLDSig 1.1 section 4.2 schema);
 * - exactly one `SignedInfo` (CVE-2025-29774); `CanonicalizationMethod` exclusive c14n without comments (BSP
 *   R5404); `SignatureMethod` RSA-SHA256/512 with no `HMACOutputLength` (BSP R5401, CVE-2009-0217);
 * - 1 to `profile.maxReferences` `Reference`s (Santuario caps at 30), each with a shorthand `#ID` URI (no
 *   external, empty or XPointer references: section 1 row 21), distinct, with `Transforms` present (BSP R5416),
 *   1 to `profile.maxTransforms` transforms from `profile.allowedTransforms`, none repeated, the last one
 *   exclusive c14n (BSP R5412/R5423), a `DigestMethod` in the allow-list and exactly one `DigestValue` holding
 *   only base64 text of the digest's length (CVE-2025-29775);
 * - exactly one `SignatureValue` holding only base64 text;
 * - no `Manifest` (BSP R5403), no `RetrievalMethod` (Santuario secure validation) anywhere;
 * - `KeyInfo` as the profile says: for SAML, absent or one `X509Data` that is never used to find the key
 *   (CVE-2024-32962; the key comes from the issuer's configuration); for WS-Security, exactly one
 *   `wsse:SecurityTokenReference` (BSP R5402/R5417), which the caller resolves to a key it trusts.
 *
 * Element names are checked with their namespace, and the names xml-crypto looks up by local name alone
 * (`SignedInfo`, `Reference`, `KeyInfo`, ...) are refused wherever else they appear in the signature, so a
 * verifier that matches loosely, ours or a partner's, can only find the elements checked here.
 * @public
 */
import { NS } from '../xml/namespaces.js';
import type { XmlDomElement } from '../xml/strict-parse.js';
import { attributesOf, elementContent, isXmlWhitespace, namespaceOf, type AttributeData } from './element-content.js';
import {
  DIGEST_VALUE_LENGTH,
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  isAllowedDigestAlgorithm,
  isAllowedSignatureAlgorithm,
  type DigestAlgorithmUri,
  type SignatureAlgorithmUri,
  type SignatureTransformUri,
} from './signature-algorithms.js';
import { SignatureRejectedError } from './signature-rejected-error.js';

/**
 * What a signature may look like in one context.
 * @public
 */
export interface SignatureProfile {
  /** References allowed, at least 1; at most 30 (Santuario's secure-validation cap). */
  readonly maxReferences: number;
  /** Transforms a Reference may list; exclusive c14n must be among them, since it must come last. */
  readonly allowedTransforms: readonly SignatureTransformUri[];
  /** Transforms per Reference, at least 1 (BSP R5416); at most 5 (Santuario). SAML: 2, WS-Security: 3. */
  readonly maxTransforms: number;
  /**
   * `optional-x509data`: no KeyInfo, or one holding a single `ds:X509Data` (SAML; never used to find the key).
   * `one-str`: a KeyInfo holding exactly one `wsse:SecurityTokenReference` (WS-Security, BSP R5402/R5417).
   */
  readonly keyInfo: 'optional-x509data' | 'one-str';
}

/**
 * The SAML signature profile (SAML core 2.0 section 5.4, OpenSAML `SAMLSignatureProfileValidator`, security-rules.md
 * section 6.2): one Reference, enveloped-signature then exclusive c14n, KeyInfo optional and never trusted. The
 * caller still checks that the one Reference is `#` + the Assertion's own ID.
 * @public
 */
export const SAML_SIGNATURE_PROFILE: SignatureProfile = Object.freeze({
  maxReferences: 1,
  allowedTransforms: Object.freeze([ENVELOPED_SIGNATURE, EXC_C14N] as const),
  maxTransforms: 2,
  keyInfo: 'optional-x509data',
});

/** One checked Reference. @public */
export interface SignatureReference {
  /** The referenced ID: the URI without its `#`. */
  readonly id: string;
  /** The transform URIs, in order; the last is always exclusive c14n. */
  readonly transforms: readonly SignatureTransformUri[];
  readonly digestAlgorithm: DigestAlgorithmUri;
}

/** What {@link checkSignatureStructure} found in a signature it accepts. @public */
export interface SignatureStructure {
  readonly signatureAlgorithm: SignatureAlgorithmUri;
  /** The referenced IDs (URIs without `#`), in `SignedInfo` order, all distinct. */
  readonly referenceIds: readonly string[];
  /** The references in `SignedInfo` order, matching {@link SignatureStructure.referenceIds}. */
  readonly references: readonly SignatureReference[];
  /** The one `wsse:SecurityTokenReference` in KeyInfo (profile `one-str` only). */
  readonly securityTokenReference?: XmlDomElement;
}

/** A shorthand XPointer to an NCName ID, ASCII only, at most 128 characters (security-rules.md section 3.2 rule 4). */
const REFERENCE_URI = /^#[A-Za-z_][A-Za-z0-9._-]{0,127}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const NC_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
const MAX_REFERENCES_CAP = 30;
const MAX_TRANSFORMS_CAP = 5;

/**
 * Local names xml-crypto finds by local name alone (its `findChildren` and `.//*[local-name(.)=...]` lookups) or
 * that no accepted signature may hold. Below a SecurityTokenReference they are refused in any namespace;
 * `Reference` only in the ds namespace, since `wsse:Reference` is an STR's ordinary child.
 */
const DSIG_NAMES: ReadonlySet<string> = new Set([
  'Signature', 'SignedInfo', 'CanonicalizationMethod', 'SignatureMethod', 'Transforms', 'Transform',
  'DigestMethod', 'DigestValue', 'SignatureValue', 'KeyInfo', 'InclusiveNamespaces',
  'Object', 'Manifest', 'RetrievalMethod', 'HMACOutputLength', 'SignatureProperties', 'KeyValue',
]);
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['Object', 'Manifest', 'RetrievalMethod', 'HMACOutputLength']);

/**
 * Checks `signature` (a `ds:Signature` element of a strictly parsed document) against the XMLDSig subset above
 * and `profile`.
 * @returns the algorithm, the referenced IDs and, for profile `one-str`, the SecurityTokenReference.
 * @throws {@link SignatureRejectedError} naming the first rule broken.
 * @throws TypeError when `profile` itself is outside the bounds above.
 * @example
 * ```ts
 * const structure = checkSignatureStructure(signatureElement, SAML_SIGNATURE_PROFILE);
 * if (structure.referenceIds[0] !== assertionId) throw new InvalidSecurityTokenError('...');
 * ```
 * @public
 */
export function checkSignatureStructure(signature: XmlDomElement, profile: SignatureProfile): SignatureStructure {
  checkProfile(profile);
  if (signature.type() !== 'element' || !isDs(signature, 'Signature')) {
    throw new SignatureRejectedError('structure', 'the element is not a ds:Signature');
  }
  checkAttributes(signature, 'ds:Signature', ['Id']);
  const children = onlyElements(signature, 'ds:Signature');
  for (const child of children) refuseForbidden(child);

  const [signedInfo, signatureValue, keyInfo, ...rest] = children;
  const signedInfoCount = children.filter((c) => c.name() === 'SignedInfo').length;
  if (signedInfoCount !== 1) {
    throw new SignatureRejectedError('signed-info', `${signedInfoCount} SignedInfo elements; exactly one is allowed`);
  }
  if (!signedInfo || !isDs(signedInfo, 'SignedInfo')) {
    throw new SignatureRejectedError('signed-info', 'ds:SignedInfo is not the first child of ds:Signature');
  }
  const signatureValueCount = children.filter((c) => c.name() === 'SignatureValue').length;
  if (signatureValueCount !== 1 || !signatureValue || !isDs(signatureValue, 'SignatureValue')) {
    throw new SignatureRejectedError('signature-value', 'ds:SignatureValue must appear once, right after ds:SignedInfo');
  }
  if (rest.length > 0 || (keyInfo && !isDs(keyInfo, 'KeyInfo'))) {
    const extra = rest[0] ?? keyInfo!;
    throw new SignatureRejectedError('structure', `unexpected ${describe(extra)} in ds:Signature`);
  }

  const { signatureAlgorithm, references } = checkSignedInfo(signedInfo, profile);
  checkSignatureValue(signatureValue);
  const securityTokenReference = checkKeyInfo(keyInfo, profile);
  const referenceIds = Object.freeze(references.map((r) => r.id));
  return Object.freeze({
    signatureAlgorithm,
    referenceIds,
    references: Object.freeze(references),
    ...(securityTokenReference === undefined ? {} : { securityTokenReference }),
  });
}

/** A wrong profile (0 references, an unknown transform) would make the checks meaningless: fail loudly. */
function checkProfile(profile: SignatureProfile): void {
  const { maxReferences, maxTransforms, allowedTransforms, keyInfo } = profile;
  if (!Number.isInteger(maxReferences) || maxReferences < 1 || maxReferences > MAX_REFERENCES_CAP) {
    throw new TypeError(`SignatureProfile.maxReferences must be an integer in 1..${MAX_REFERENCES_CAP}`);
  }
  if (!Number.isInteger(maxTransforms) || maxTransforms < 1 || maxTransforms > MAX_TRANSFORMS_CAP) {
    throw new TypeError(`SignatureProfile.maxTransforms must be an integer in 1..${MAX_TRANSFORMS_CAP}`);
  }
  if (!Array.isArray(allowedTransforms) || !allowedTransforms.includes(EXC_C14N)) {
    throw new TypeError('SignatureProfile.allowedTransforms must include exclusive c14n');
  }
  for (const transform of allowedTransforms) {
    if (transform !== EXC_C14N && transform !== ENVELOPED_SIGNATURE) {
      throw new TypeError(`SignatureProfile.allowedTransforms names an unsupported transform: ${String(transform)}`);
    }
  }
  if (keyInfo !== 'optional-x509data' && keyInfo !== 'one-str') {
    throw new TypeError(`SignatureProfile.keyInfo must be 'optional-x509data' or 'one-str'`);
  }
}

function checkSignedInfo(
  signedInfo: XmlDomElement,
  profile: SignatureProfile,
): { signatureAlgorithm: SignatureAlgorithmUri; references: SignatureReference[] } {
  checkAttributes(signedInfo, 'ds:SignedInfo', ['Id']);
  const [c14n, method, ...referenceElements] = onlyElements(signedInfo, 'ds:SignedInfo');
  if (!c14n || !isDs(c14n, 'CanonicalizationMethod')) {
    throw new SignatureRejectedError('canonicalization', 'ds:CanonicalizationMethod is not the first child of ds:SignedInfo');
  }
  const c14nAlgorithm = algorithmOf(c14n, 'ds:CanonicalizationMethod');
  if (c14nAlgorithm !== EXC_C14N) {
    throw new SignatureRejectedError('canonicalization', `CanonicalizationMethod ${String(c14nAlgorithm)} is not exclusive c14n without comments`);
  }
  checkInclusiveNamespacesOnly(c14n, 'ds:CanonicalizationMethod');

  if (!method || !isDs(method, 'SignatureMethod')) {
    throw new SignatureRejectedError('signature-method', 'ds:SignatureMethod is not the second child of ds:SignedInfo');
  }
  const signatureAlgorithm = algorithmOf(method, 'ds:SignatureMethod');
  if (!isAllowedSignatureAlgorithm(signatureAlgorithm)) {
    throw new SignatureRejectedError('signature-method', `SignatureMethod ${String(signatureAlgorithm)} is not allowed`);
  }
  // HMACOutputLength is refused as its own rule (BSP R5401) before the generic "no children" check.
  const methodChildren = onlyElements(method, 'ds:SignatureMethod');
  if (methodChildren.some((c) => c.name() === 'HMACOutputLength')) {
    throw new SignatureRejectedError('signature-method', 'HMACOutputLength is not allowed (BSP R5401)');
  }
  if (methodChildren.length > 0) {
    throw new SignatureRejectedError('structure', `unexpected ${describe(methodChildren[0]!)} in ds:SignatureMethod`);
  }

  if (referenceElements.length === 0) throw new SignatureRejectedError('reference', 'ds:SignedInfo has no ds:Reference');
  if (referenceElements.length > profile.maxReferences) {
    throw new SignatureRejectedError('reference', `${referenceElements.length} references; at most ${profile.maxReferences} allowed`);
  }
  const references: SignatureReference[] = [];
  for (const element of referenceElements) {
    if (!isDs(element, 'Reference')) {
      if (FORBIDDEN_NAMES.has(element.name())) refuseForbidden(element);
      throw new SignatureRejectedError('structure', `unexpected ${describe(element)} in ds:SignedInfo`);
    }
    const reference = checkReference(element, profile);
    if (references.some((r) => r.id === reference.id)) {
      throw new SignatureRejectedError('reference', `two references to #${reference.id}`);
    }
    references.push(reference);
  }
  return { signatureAlgorithm, references };
}

function checkReference(reference: XmlDomElement, profile: SignatureProfile): SignatureReference {
  const attributes = checkAttributes(reference, 'ds:Reference', ['URI', 'Id', 'Type']);
  const uri = attributes.find((a) => a.localName === 'URI')?.value;
  if (uri === undefined || !REFERENCE_URI.test(uri)) {
    throw new SignatureRejectedError('reference', `Reference URI ${JSON.stringify(uri ?? null)} is not "#" followed by an ID`);
  }
  const [transforms, digestMethod, digestValue, ...rest] = onlyElements(reference, 'ds:Reference');
  if (!transforms || !isDs(transforms, 'Transforms')) {
    throw new SignatureRejectedError('transform', 'ds:Transforms is missing or not the first child of ds:Reference (BSP R5416)');
  }
  const transformList = checkTransforms(transforms, profile);

  if (!digestMethod || !isDs(digestMethod, 'DigestMethod')) {
    throw new SignatureRejectedError('digest-method', 'ds:DigestMethod must follow ds:Transforms');
  }
  const digestAlgorithm = algorithmOf(digestMethod, 'ds:DigestMethod');
  if (!isAllowedDigestAlgorithm(digestAlgorithm)) {
    throw new SignatureRejectedError('digest-method', `DigestMethod ${String(digestAlgorithm)} is not allowed`);
  }
  noChildren(digestMethod, 'ds:DigestMethod');

  const digestValues = [digestValue, ...rest].filter((e) => e?.name() === 'DigestValue');
  if (digestValues.length !== 1 || !digestValue || !isDs(digestValue, 'DigestValue')) {
    throw new SignatureRejectedError('digest-value', `ds:Reference must hold exactly one ds:DigestValue after ds:DigestMethod`);
  }
  if (rest.length > 0) throw new SignatureRejectedError('structure', `unexpected ${describe(rest[0]!)} in ds:Reference`);
  checkAttributes(digestValue, 'ds:DigestValue', []);
  const value = textOnly(digestValue, 'ds:DigestValue', 'digest-value').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (!BASE64.test(value) || value.length !== DIGEST_VALUE_LENGTH[digestAlgorithm]) {
    throw new SignatureRejectedError('digest-value', 'ds:DigestValue is not the base64 of one digest');
  }
  return Object.freeze({ id: uri.slice(1), transforms: transformList, digestAlgorithm });
}

function checkTransforms(transforms: XmlDomElement, profile: SignatureProfile): readonly SignatureTransformUri[] {
  checkAttributes(transforms, 'ds:Transforms', []);
  const elements = onlyElements(transforms, 'ds:Transforms');
  if (elements.length === 0) throw new SignatureRejectedError('transform', 'ds:Transforms is empty (BSP R5411)');
  if (elements.length > profile.maxTransforms) {
    throw new SignatureRejectedError('transform', `${elements.length} transforms; at most ${profile.maxTransforms} allowed`);
  }
  const list: SignatureTransformUri[] = [];
  for (const element of elements) {
    if (!isDs(element, 'Transform')) throw new SignatureRejectedError('structure', `unexpected ${describe(element)} in ds:Transforms`);
    const algorithm = algorithmOf(element, 'ds:Transform');
    const allowed = profile.allowedTransforms.find((t) => t === algorithm);
    if (allowed === undefined) throw new SignatureRejectedError('transform', `transform ${String(algorithm)} is not allowed`);
    if (list.includes(allowed)) throw new SignatureRejectedError('transform', `transform ${allowed} is repeated`);
    if (allowed === EXC_C14N) checkInclusiveNamespacesOnly(element, 'ds:Transform');
    else noChildren(element, 'ds:Transform');
    list.push(allowed);
  }
  if (list[list.length - 1] !== EXC_C14N) {
    throw new SignatureRejectedError('transform', 'the last transform is not exclusive c14n (BSP R5412)');
  }
  return Object.freeze(list);
}

function checkSignatureValue(signatureValue: XmlDomElement): void {
  checkAttributes(signatureValue, 'ds:SignatureValue', ['Id']);
  // Base64 may be wrapped (XMLDSig 1.1 section 4.3 allows whitespace in base64Binary); nothing else may be there.
  const value = textOnly(signatureValue, 'ds:SignatureValue', 'signature-value').replace(/[ \t\r\n]+/g, '');
  if (!BASE64.test(value) || value.length % 4 !== 0) {
    throw new SignatureRejectedError('signature-value', 'ds:SignatureValue is not base64');
  }
}

function checkKeyInfo(keyInfo: XmlDomElement | undefined, profile: SignatureProfile): XmlDomElement | undefined {
  if (keyInfo === undefined) {
    if (profile.keyInfo === 'one-str') {
      throw new SignatureRejectedError('key-info', 'ds:KeyInfo with one wsse:SecurityTokenReference is required (BSP R5417)');
    }
    return undefined;
  }
  checkAttributes(keyInfo, 'ds:KeyInfo', ['Id']);
  const children = onlyElements(keyInfo, 'ds:KeyInfo');
  for (const child of children) refuseForbidden(child);
  const [only, ...rest] = children;
  if (profile.keyInfo === 'one-str') {
    if (!only || rest.length > 0 || namespaceOf(only) !== NS.wsse || only.name() !== 'SecurityTokenReference') {
      throw new SignatureRejectedError('key-info', 'ds:KeyInfo must hold exactly one wsse:SecurityTokenReference (BSP R5402/R5417)');
    }
    // Its content is the caller's to interpret; here it may only not smuggle in signature elements.
    refuseSignatureNamesBelow(only);
    return only;
  }
  if (!only || rest.length > 0 || !isDs(only, 'X509Data')) {
    throw new SignatureRejectedError('key-info', 'ds:KeyInfo may hold only one ds:X509Data');
  }
  checkX509Data(only);
  return undefined;
}

/** X509Data (XMLDSig 1.1 section 4.5.4), kept only because issuers send it: it is never used to find a key. */
function checkX509Data(x509Data: XmlDomElement): void {
  checkAttributes(x509Data, 'ds:X509Data', []);
  const children = onlyElements(x509Data, 'ds:X509Data');
  if (children.length === 0) throw new SignatureRejectedError('key-info', 'ds:X509Data is empty');
  for (const child of children) {
    const name = child.name();
    if (namespaceOf(child) !== NS.ds) throw new SignatureRejectedError('key-info', `unexpected ${describe(child)} in ds:X509Data`);
    checkAttributes(child, `ds:${name}`, []);
    if (name === 'X509Certificate' || name === 'X509SubjectName' || name === 'X509SKI') {
      textOnly(child, `ds:${name}`, 'key-info');
    } else if (name === 'X509IssuerSerial') {
      const [issuerName, serial, ...rest] = onlyElements(child, 'ds:X509IssuerSerial');
      if (!issuerName || !isDs(issuerName, 'X509IssuerName') || !serial || !isDs(serial, 'X509SerialNumber') || rest.length > 0) {
        throw new SignatureRejectedError('key-info', 'ds:X509IssuerSerial must hold X509IssuerName and X509SerialNumber');
      }
      for (const part of [issuerName, serial]) {
        checkAttributes(part, `ds:${part.name()}`, []);
        textOnly(part, `ds:${part.name()}`, 'key-info');
      }
    } else {
      throw new SignatureRejectedError('key-info', `unexpected ${describe(child)} in ds:X509Data`);
    }
  }
}

/** An exc-c14n method or transform may hold one `ec:InclusiveNamespaces` (Exclusive XML Canonicalization section 3). */
function checkInclusiveNamespacesOnly(element: XmlDomElement, where: string): void {
  const children = onlyElements(element, where);
  if (children.length === 0) return;
  const [inclusive, ...rest] = children;
  if (rest.length > 0 || namespaceOf(inclusive!) !== EXC_C14N || inclusive!.name() !== 'InclusiveNamespaces') {
    refuseForbidden(inclusive!);
    throw new SignatureRejectedError('structure', `unexpected ${describe(rest[0] ?? inclusive!)} in ${where}`);
  }
  const attributes = checkAttributes(inclusive!, 'ec:InclusiveNamespaces', ['PrefixList']);
  noChildren(inclusive!, 'ec:InclusiveNamespaces');
  const prefixList = attributes.find((a) => a.localName === 'PrefixList')?.value ?? '';
  const tokens = prefixList.split(' ');
  if (prefixList === '' || tokens.some((t) => t !== '#default' && !NC_NAME.test(t))) {
    throw new SignatureRejectedError('structure', `ec:InclusiveNamespaces PrefixList ${JSON.stringify(prefixList)} is not a list of prefixes`);
  }
}

function isDs(element: XmlDomElement, localName: string): boolean {
  return element.name() === localName && namespaceOf(element) === NS.ds;
}

function describe(element: XmlDomElement): string {
  return `{${namespaceOf(element)}}${element.name()}`;
}

/** Refuses the elements no accepted signature may contain, by local name in any namespace. */
function refuseForbidden(element: XmlDomElement): void {
  const name = element.name();
  if (FORBIDDEN_NAMES.has(name)) {
    throw new SignatureRejectedError(
      name === 'HMACOutputLength' ? 'signature-method' : 'forbidden-element',
      `${describe(element)} is not allowed in a signature`,
    );
  }
}

/** Below a SecurityTokenReference: elements and text only, and none of the signature's own names. */
function refuseSignatureNamesBelow(element: XmlDomElement): void {
  for (const child of elementContent(element, describe(element)).elements) {
    refuseForbidden(child);
    if (DSIG_NAMES.has(child.name()) || isDs(child, 'Reference')) {
      throw new SignatureRejectedError('key-info', `${describe(child)} inside ds:KeyInfo`);
    }
    refuseSignatureNamesBelow(child);
  }
}

/** The element children; any non-whitespace text between them is refused. */
function onlyElements(element: XmlDomElement, where: string): readonly XmlDomElement[] {
  const { elements, text } = elementContent(element, where);
  if (!isXmlWhitespace(text)) throw new SignatureRejectedError('structure', `text content in ${where}`);
  return elements;
}

/** The text of an element that may hold nothing else. */
function textOnly(element: XmlDomElement, where: string, code: 'digest-value' | 'signature-value' | 'key-info'): string {
  const { elements, text } = elementContent(element, where);
  if (elements.length > 0) throw new SignatureRejectedError(code, `${describe(elements[0]!)} inside ${where}`);
  return text;
}

function noChildren(element: XmlDomElement, where: string): void {
  const children = onlyElements(element, where);
  if (children.length > 0) {
    refuseForbidden(children[0]!);
    throw new SignatureRejectedError('structure', `unexpected ${describe(children[0]!)} in ${where}`);
  }
}

/** Only unprefixed attributes from `allowed`; a namespaced or unknown attribute is refused. */
function checkAttributes(element: XmlDomElement, where: string, allowed: readonly string[]): AttributeData[] {
  const attributes = attributesOf(element);
  for (const attribute of attributes) {
    if (attribute.namespaceUri !== '' || !allowed.includes(attribute.localName)) {
      const name = attribute.namespaceUri === '' ? attribute.localName : `{${attribute.namespaceUri}}${attribute.localName}`;
      throw new SignatureRejectedError('structure', `unexpected attribute ${name} on ${where}`);
    }
  }
  return attributes;
}

/** The required, unprefixed `Algorithm` attribute. */
function algorithmOf(element: XmlDomElement, where: string): string | undefined {
  return checkAttributes(element, where, ['Algorithm']).find((a) => a.localName === 'Algorithm')?.value;
}
