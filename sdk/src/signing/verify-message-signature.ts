/**
 * Verification of a WS-Security 1.1 message signature made with an X.509 BinarySecurityToken (WSS 1.1 SOAP
 * Message Security section 8; X.509 Token Profile 1.1 section 3.2; WS-I BSP 1.1), under security-rules.md
 * section 1 rows 1, 6-8, 15 and 20, section 3.2 rules 4-7 and section 6.3:
 *
 * 1. the envelope is gated and strictly parsed again (`parseUntrustedXml`): the string verified is the string
 *    located in, and nothing but what the byte gate lets through reaches the signature check;
 * 2. structure: Envelope = Header + Body in the namespace of the SOAP version; exactly one `wsse:Security`
 *    header; exactly one `ds:Signature` in it, at most one `wsu:Timestamp` (BSP R3227);
 * 3. the signature profile ({@link MESSAGE_SIGNATURE_PROFILE}, via `checkSignatureStructure`): at most 8
 *    references, each with exactly one transform, exclusive c14n (BSP R5412/R5423), KeyInfo = exactly one
 *    `wsse:SecurityTokenReference` (BSP R5402/R5417);
 * 4. the SecurityTokenReference holds exactly one `wsse:Reference` (R3061) with `URI="#id"` (R3062) and, if
 *    present, `ValueType` X509v3 (R3058); no KeyIdentifier, KeyName (R3027), Embedded or key material. The ID
 *    must name a BinarySecurityToken in the same Security header with ValueType X509v3 and EncodingType
 *    Base64Binary (R3029-R3033). The key is whatever `resolveKey` returns for that ID: the caller has validated
 *    the certificate; KeyInfo never supplies a key (row 13, CVE-2024-32962);
 * 5. IDs (rows 7 and 8): the verifier matches `Id` by local name in any namespace (as xml-crypto does), so every ID-like attribute
 *    (`Id`, `ID`, `id` in any namespace) in the document must have a distinct value, and every referenced ID
 *    must be carried by a `wsu:Id` in the real wsu namespace;
 * 6. absolute positions (rows 1 and 6): each referenced ID must be the wsu:Id of one of the parts at its
 *    structural place — `/Envelope/Body` (the only Body), `/Envelope/Header/wsse:Security/wsu:Timestamp` (in
 *    OUR Security header), `/Envelope/Header/wsa:To|Action|MessageID`, or the BinarySecurityToken the STR
 *    names. A reference to anything else is refused; Body and Timestamp must both be signed (row 15);
 * 7. `verifySignedXml` with `idAttributes` `['Id']`: the allow-listed algorithms only, every digest and the value must match;
 * 8. for a message replay cache (section 1 row 26, section 6.1): the SignatureValue bytes and the Created of
 *    the Timestamp, read from the signed canonical bytes.
 *
 * Everything is refused with {@link SignatureRejectedError}; callers turn it into the StsError of their
 * context, so that the wire shows only the standard reason.
 * @public
 */
import type { KeyObject } from 'node:crypto';
import { TokenType, ValueType } from '../token-types.js';
import { NS, UsernameTokenUri } from '../xml/namespaces.js';
import { parseUntrustedXml } from '../xml/parse-untrusted-xml.js';
import type { XmlDocument, XmlDomElement } from '../xml/strict-parse.js';
import { attributesOf, elementContent, isXmlWhitespace, namespaceOf, type AttributeData } from './element-content.js';
import { EXC_C14N } from './signature-algorithms.js';
import { checkSignatureStructure, type SignatureProfile } from './signature-policy.js';
import { SignatureRejectedError } from './signature-rejected-error.js';
import { verifySignedXml } from './verify-signed-xml.js';

/** A part of the message a signature may cover, named after its element. @public */
export type SignedMessagePart = 'Body' | 'Timestamp' | 'To' | 'Action' | 'MessageID' | 'BinarySecurityToken';

/** What {@link verifyMessageSignature} needs besides the message. @public */
export interface MessageSignatureOptions {
  readonly soapVersion: '1.1' | '1.2';
  /**
   * The verification key for the BinarySecurityToken the signature's SecurityTokenReference names, by its
   * wsu:Id. Return only a key from a certificate you validated; throw to refuse the reference.
   */
  resolveKey(str: { readonly reference: string }): KeyObject;
  /**
   * What signed: an X.509 BinarySecurityToken (the default), or a SAML 2.0 holder-of-key assertion in the
   * Security header, named by a `wsse:KeyIdentifier` of ValueType `#SAMLID` (WSS SAML Token Profile 1.1
   * section 3.4.2); `resolveKey` then gets the assertion's ID and must return the key its confirmation holds.
   */
  readonly signingToken?: 'x509' | 'saml2-holder-of-key';
}

/** A verified message signature. @public */
export interface VerifiedMessageSignature {
  /** The parts the signature covers, in SignedInfo order; always includes `Body` and `Timestamp`. */
  readonly signedParts: readonly SignedMessagePart[];
  /** The wsu:Id of the BinarySecurityToken whose key made the signature (the assertion ID for `saml2-holder-of-key`). */
  readonly bstId: string;
  /**
   * The verified signature's value: the bytes of `ds:SignatureValue`, as canonical base64 (whitespace removed,
   * padding bits zero), so that two spellings of the same signature give the same string. For a message
   * replay cache (security-rules.md section 6.1: key = Timestamp Created + SHA-256(SignatureValue) + signer).
   */
  readonly signatureValue: string;
  /**
   * The `wsu:Created` text of the signed Timestamp, read from the canonical bytes the signature covers
   * (security-rules.md section 3.2 rule 6), not from the message.
   */
  readonly timestampCreated: string;
}

/**
 * The WS-Security signature profile: at most 8 references (one per signable part, plus room for two more
 * that the position check still refuses), exactly one transform, exclusive c14n, and a KeyInfo that is one
 * SecurityTokenReference. No enveloped-signature transform: a message signature is detached (BSP R5423).
 * @public
 */
export const MESSAGE_SIGNATURE_PROFILE: SignatureProfile = Object.freeze({
  maxReferences: 8,
  allowedTransforms: Object.freeze([EXC_C14N] as const),
  maxTransforms: 1,
  keyInfo: 'one-str',
});

const SOAP_NS = Object.freeze({ '1.1': NS.soap11, '1.2': NS.soap12 });
const ID_LOCAL_NAMES: ReadonlySet<string> = new Set(['Id', 'ID', 'id']);
const ADDRESSING_PARTS = ['To', 'Action', 'MessageID'] as const;
const REFERENCE_URI = /^#([A-Za-z_][A-Za-z0-9._-]{0,127})$/;

/**
 * Verifies the one message signature in the envelope's `wsse:Security` header.
 * @param envelopeXml - the request exactly as the byte gate decoded it (`ReceivedMessage.xml`).
 * @returns the signed parts, the wsu:Id of the signing BinarySecurityToken, the SignatureValue and the signed
 *   Timestamp's Created.
 * @throws {@link SignatureRejectedError} for any rule broken (see the file comment), for an error from
 *   `resolveKey`, and for a signature that does not verify.
 * @example
 * ```ts
 * const { signedParts } = verifyMessageSignature(token.message.xml, {
 *   soapVersion: token.message.soapVersion,
 *   resolveKey: (str) => { if (str.reference !== bstId) throw new Error('other token'); return cert.publicKey; },
 * });
 * ```
 * @public
 */
export function verifyMessageSignature(envelopeXml: string, options: MessageSignatureOptions): VerifiedMessageSignature {
  const soapNs = SOAP_NS[options.soapVersion];
  if (soapNs === undefined) throw new TypeError(`soapVersion must be '1.1' or '1.2'`);
  const doc = parse(envelopeXml);
  const { header, body } = readEnvelope(doc, soapNs);
  const security = onlyOne(elementsIn(header, 'Header').filter((e) => is(e, NS.wsse, 'Security')), 'wsse:Security header');
  const securityChildren = elementsIn(security, 'wsse:Security');
  const signature = onlyOne(securityChildren.filter((e) => is(e, NS.ds, 'Signature')), 'ds:Signature in the Security header');
  const timestamps = securityChildren.filter((e) => is(e, NS.wsu, 'Timestamp'));
  if (timestamps.length > 1) throw reject('structure', `${timestamps.length} Timestamps in the Security header (BSP R3227)`);

  const structure = checkSignatureStructure(signature, MESSAGE_SIGNATURE_PROFILE);
  if (!structure.securityTokenReference) throw reject('key-info', 'the signature has no SecurityTokenReference');
  const saml = options.signingToken === 'saml2-holder-of-key';
  const bstId = saml ? readSamlKeyIdentifier(structure.securityTokenReference) : readSecurityTokenReference(structure.securityTokenReference);
  const bst = saml
    ? onlyOne(
        securityChildren.filter((e) => is(e, NS.saml2, 'Assertion') && attributesOf(e).some((a) => a.namespaceUri === '' && a.localName === 'ID' && a.value === bstId)),
        `SAML 2.0 Assertion with ID ${JSON.stringify(bstId)} in the Security header`,
        'key-info',
      )
    : onlyOne(
        securityChildren.filter((e) => is(e, NS.wsse, 'BinarySecurityToken') && wsuId(e) === bstId),
        `BinarySecurityToken with wsu:Id ${JSON.stringify(bstId)} in the Security header`,
        'key-info',
      );
  if (!saml) checkBinarySecurityToken(bst);

  // Parts at their absolute positions, by their wsu:Id (rows 1 and 6).
  const parts = new Map<string, SignedMessagePart>();
  const addPart = (element: XmlDomElement | undefined, part: SignedMessagePart): void => {
    const id = element && wsuId(element);
    if (id !== undefined) parts.set(id, part);
  };
  addPart(body, 'Body');
  addPart(timestamps[0], 'Timestamp');
  for (const name of ADDRESSING_PARTS) {
    const found = elementsIn(header, 'Header').filter((e) => is(e, NS.wsa, name));
    if (found.length > 1) throw reject('structure', `${found.length} wsa:${name} headers`);
    addPart(found[0], name);
  }
  if (!saml) addPart(bst, 'BinarySecurityToken');

  // An assertion's ID is its SAML ID attribute, not a wsu:Id; it is named by a KeyIdentifier, not referenced.
  checkIds(doc, saml ? [...structure.referenceIds] : [...structure.referenceIds, bstId]);
  const signedParts = structure.referenceIds.map((id): SignedMessagePart => {
    const part = parts.get(id);
    if (part === undefined) {
      throw reject('reference', `#${id} is not the wsu:Id of the Body, our Timestamp, wsa:To/Action/MessageID or the signing token`);
    }
    return part;
  });
  for (const required of ['Body', 'Timestamp'] as const) {
    if (!signedParts.includes(required)) throw reject('reference', `the signature does not cover the ${required}`);
  }

  let key: KeyObject;
  try {
    key = options.resolveKey({ reference: bstId });
  } catch (error) {
    throw reject('key', `no key for the SecurityTokenReference to #${bstId}: ${(error as Error).message}`, error);
  }
  const signed = verifySignedXml(envelopeXml, signature, key, ['Id']);
  if (signed.length !== signedParts.length) throw reject('verification', 'the signature check verified another number of references');
  const timestampCreated = readSignedCreated(signed[signedParts.indexOf('Timestamp')]!);
  const signatureValue = readSignatureValue(signature);
  return Object.freeze({ signedParts: Object.freeze(signedParts), bstId, signatureValue, timestampCreated });
}

/** The one `wsu:Created` of the signed Timestamp's canonical bytes (WSS 1.1 section 10; BSP R3203). */
function readSignedCreated(timestampBytes: string): string {
  let timestamp: XmlDomElement | null;
  try {
    timestamp = parseUntrustedXml(timestampBytes).root();
  } catch (error) {
    throw reject('verification', `the signed Timestamp bytes do not parse: ${(error as Error).message}`, error);
  }
  if (!timestamp || !is(timestamp, NS.wsu, 'Timestamp')) throw reject('verification', 'the signed Timestamp bytes are not a wsu:Timestamp');
  const created = elementsIn(timestamp, 'wsu:Timestamp').filter((e) => is(e, NS.wsu, 'Created'));
  const only = onlyOne(created, 'wsu:Created in the signed Timestamp (BSP R3203)');
  const { elements, text } = elementContent(only, 'wsu:Created');
  if (elements.length > 0) throw reject('structure', 'wsu:Created has child elements');
  return text;
}

/** `ds:SignatureValue` decoded and encoded again: checkSignatureStructure already accepted it as base64. */
function readSignatureValue(signature: XmlDomElement): string {
  const value = elementsIn(signature, 'ds:Signature').find((e) => is(e, NS.ds, 'SignatureValue'));
  if (!value) throw reject('structure', 'no ds:SignatureValue');
  return Buffer.from(elementContent(value, 'ds:SignatureValue').text, 'base64').toString('base64');
}

function parse(envelopeXml: string): XmlDocument {
  if (typeof envelopeXml !== 'string' || envelopeXml.length === 0) throw reject('document', 'no message to verify');
  try {
    return parseUntrustedXml(envelopeXml);
  } catch (error) {
    throw reject('document', `the message is refused by the strict parser: ${(error as Error).message}`, error);
  }
}

/** SOAP 1.1 section 4 / SOAP 1.2 part 1 section 5: Envelope = Header? Body; we require both, nothing else. */
function readEnvelope(doc: XmlDocument, soapNs: string): { header: XmlDomElement; body: XmlDomElement } {
  const envelope = doc.root();
  if (!envelope || envelope.type() !== 'element' || !is(envelope, soapNs, 'Envelope')) {
    throw reject('structure', `the root is not a SOAP ${soapNs} Envelope`);
  }
  const children = elementsIn(envelope, 'Envelope');
  const [header, body, ...rest] = children;
  if (!header || !is(header, soapNs, 'Header') || !body || !is(body, soapNs, 'Body') || rest.length > 0) {
    throw reject('structure', 'the Envelope must hold exactly one Header followed by exactly one Body');
  }
  return { header, body };
}

/**
 * The SecurityTokenReference: exactly one `wsse:Reference` (BSP R3061) with `URI="#id"` (R3062) and an
 * optional ValueType that must be X509v3 (R3058/R3059); the STR may carry wsu:Id and wsse11:TokenType only.
 */
function readSecurityTokenReference(str: XmlDomElement): string {
  for (const attribute of attributesOf(str)) {
    const allowed = (attribute.namespaceUri === NS.wsu && attribute.localName === 'Id')
      || (attribute.namespaceUri === NS.wsse11 && attribute.localName === 'TokenType' && attribute.value === TokenType.X509v3);
    if (!allowed) throw reject('key-info', `unexpected attribute ${name(attribute)} on the SecurityTokenReference`);
  }
  const references = elementsIn(str, 'wsse:SecurityTokenReference');
  const [reference, ...rest] = references;
  if (!reference || rest.length > 0 || !is(reference, NS.wsse, 'Reference')) {
    throw reject('key-info', 'the SecurityTokenReference must hold exactly one wsse:Reference (BSP R3061; no KeyIdentifier, KeyName or Embedded)');
  }
  if (elementsIn(reference, 'wsse:Reference').length > 0) throw reject('key-info', 'the wsse:Reference has child elements');
  let uri: string | undefined;
  for (const attribute of attributesOf(reference)) {
    if (attribute.namespaceUri === '' && attribute.localName === 'URI') uri = attribute.value;
    else if (attribute.namespaceUri === '' && attribute.localName === 'ValueType' && attribute.value === TokenType.X509v3) continue;
    else throw reject('key-info', `unexpected attribute ${name(attribute)} on the wsse:Reference (BSP R3058)`);
  }
  const match = uri === undefined ? null : REFERENCE_URI.exec(uri);
  if (!match) throw reject('key-info', `the wsse:Reference URI ${JSON.stringify(uri ?? null)} is not "#" followed by an ID (BSP R3062)`);
  return match[1]!;
}

/**
 * WSS SAML Token Profile 1.1 section 3.4.2 (BSP R6603-R6604): the SecurityTokenReference of a signature made
 * with a SAML 2.0 holder-of-key assertion's key holds one `wsse:KeyIdentifier` of ValueType `#SAMLID` whose
 * text is the assertion ID; its `wsse11:TokenType` is `#SAMLV2.0` when present. No EncodingType, nothing else.
 */
function readSamlKeyIdentifier(str: XmlDomElement): string {
  for (const attribute of attributesOf(str)) {
    const allowed = (attribute.namespaceUri === NS.wsu && attribute.localName === 'Id')
      || (attribute.namespaceUri === NS.wsse11 && attribute.localName === 'TokenType' && attribute.value === TokenType.Saml20Profile);
    if (!allowed) throw reject('key-info', `unexpected attribute ${name(attribute)} on the SecurityTokenReference`);
  }
  const [identifier, ...rest] = elementsIn(str, 'wsse:SecurityTokenReference');
  if (!identifier || rest.length > 0 || !is(identifier, NS.wsse, 'KeyIdentifier')) {
    throw reject('key-info', 'the SecurityTokenReference must hold exactly one wsse:KeyIdentifier naming the SAML assertion');
  }
  for (const attribute of attributesOf(identifier)) {
    if (!(attribute.namespaceUri === '' && attribute.localName === 'ValueType' && attribute.value === ValueType.Saml20Id)) {
      throw reject('key-info', `unexpected attribute ${name(attribute)} on the wsse:KeyIdentifier (ValueType #SAMLID only)`);
    }
  }
  if (!attributesOf(identifier).some((a) => a.localName === 'ValueType')) throw reject('key-info', 'the wsse:KeyIdentifier has no ValueType');
  const { elements, text } = elementContent(identifier, 'wsse:KeyIdentifier');
  const id = text.trim();
  if (elements.length > 0 || !/^[A-Za-z_][A-Za-z0-9._-]{0,127}$/.test(id)) throw reject('key-info', 'the wsse:KeyIdentifier is not an assertion ID');
  return id;
}

/** X.509 Token Profile 1.1 section 3.1 and BSP R3029-R3033: an X509v3 BST in base64, text only. */
function checkBinarySecurityToken(bst: XmlDomElement): void {
  const attributes = attributesOf(bst);
  const valueType = attributes.find((a) => a.namespaceUri === '' && a.localName === 'ValueType')?.value;
  const encodingType = attributes.find((a) => a.namespaceUri === '' && a.localName === 'EncodingType')?.value;
  if (valueType !== TokenType.X509v3) throw reject('key-info', `the signing BinarySecurityToken's ValueType is ${JSON.stringify(valueType ?? null)}, not X509v3`);
  if (encodingType !== UsernameTokenUri.base64Binary) {
    throw reject('key-info', `the signing BinarySecurityToken's EncodingType is ${JSON.stringify(encodingType ?? null)}, not Base64Binary`);
  }
  if (elementContent(bst, 'wsse:BinarySecurityToken').elements.length > 0) {
    throw reject('key-info', 'the signing BinarySecurityToken has child elements');
  }
}

/**
 * Rows 7 and 8: one pass over every attribute named Id, ID or id in any namespace. A value may occur once in
 * the whole document, and each referenced value must be on a wsu:Id in the real wsu namespace.
 */
function checkIds(doc: XmlDocument, referenced: readonly string[]): void {
  const seen = new Map<string, AttributeData>();
  const stack: XmlDomElement[] = [doc.root()!];
  while (stack.length > 0) {
    const element = stack.pop()!;
    for (const attribute of attributesOf(element)) {
      if (!ID_LOCAL_NAMES.has(attribute.localName)) continue;
      const earlier = seen.get(attribute.value);
      if (earlier) throw reject('reference', `ID ${JSON.stringify(attribute.value)} is carried by both ${name(earlier)} and ${name(attribute)}`);
      seen.set(attribute.value, attribute);
    }
    stack.push(...elementsOrCdataIn(element));
  }
  for (const id of referenced) {
    const attribute = seen.get(id);
    if (!attribute) throw reject('reference', `no element carries the referenced ID ${JSON.stringify(id)}`);
    if (attribute.namespaceUri !== NS.wsu || attribute.localName !== 'Id') {
      throw reject('reference', `the referenced ID ${JSON.stringify(id)} is carried by ${name(attribute)}, not wsu:Id`);
    }
  }
}

/** Element children of any element in the message: text and CDATA skipped, any other node type refused. */
function elementsOrCdataIn(element: XmlDomElement): XmlDomElement[] {
  const children: XmlDomElement[] = [];
  for (const child of element.childNodes()) {
    const type: string = child.type();
    if (type === 'element') children.push(child as XmlDomElement);
    else if (type !== 'text' && type !== 'cdata') throw reject('document', `a "${type}" node in the message`);
  }
  return children;
}

/** Element children of a structural element, which may hold only whitespace besides them. */
function elementsIn(element: XmlDomElement, where: string): XmlDomElement[] {
  const { elements, text } = elementContent(element, where);
  if (!isXmlWhitespace(text)) throw reject('structure', `text content in ${where}`);
  return [...elements];
}

function onlyOne(elements: readonly XmlDomElement[], what: string, code: 'structure' | 'key-info' = 'structure'): XmlDomElement {
  if (elements.length !== 1) throw reject(code, `${elements.length} × ${what}; exactly one is required`);
  return elements[0]!;
}

function is(element: XmlDomElement, namespaceUri: string, localName: string): boolean {
  return element.name() === localName && namespaceOf(element) === namespaceUri;
}

/** The element's wsu:Id (real wsu namespace only), or undefined. */
function wsuId(element: XmlDomElement): string | undefined {
  return attributesOf(element).find((a) => a.namespaceUri === NS.wsu && a.localName === 'Id')?.value;
}

function name(attribute: AttributeData): string {
  return attribute.namespaceUri === '' ? attribute.localName : `{${attribute.namespaceUri}}${attribute.localName}`;
}

function reject(code: ConstructorParameters<typeof SignatureRejectedError>[0], message: string, cause?: unknown): SignatureRejectedError {
  return new SignatureRejectedError(code, message, cause === undefined ? undefined : { cause });
}
