/**
 * The client side of a WS-Security 1.1 message signature made with an X.509 certificate (WSS 1.1 SOAP Message
 * Security section 8; X.509 Token Profile 1.1 section 3.2), in the one shape the STS's `verifyMessageSignature`
 * accepts (WS-I BSP 1.1; security-rules.md section 6.3):
 *
 * - the certificate travels as a `wsse:BinarySecurityToken` (ValueType `#X509v3`, EncodingType `#Base64Binary`,
 *   a wsu:Id; X.509 Token Profile 1.1 section 3.1, BSP R3029-R3033) holding its DER;
 * - `ds:Signature` with RSA-SHA256 and exclusive c14n for SignedInfo (BSP R5404), one Reference per signed part
 *   by its wsu:Id (`#id`, BSP R3062), each with exactly one transform, exclusive c14n (BSP R5412/R5423), and a
 *   SHA-256 digest; no enveloped-signature transform: the signature is detached from what it signs;
 * - `ds:KeyInfo` = one `wsse:SecurityTokenReference` holding one `wsse:Reference URI="#<BST id>"` with ValueType
 *   `#X509v3` (X.509 Token Profile 1.1 section 3.2; BSP R3061, R3058, R5402/R5417).
 *
 * xml-crypto computes the signature over the unsigned envelope and returns the `ds:Signature` element only.
 * The caller renders the same element tree again with that element after the BinarySecurityToken, so the
 * text that is sent is exactly the text that was digested, plus the (unreferenced) Signature: nothing goes
 * through a second serializer. xml-crypto runs in `wssecurity` ID mode, so it finds the parts by their wsu:Id
 * in the real wsu namespace and never adds an ID of its own; the references it made are checked afterwards
 * (fail closed).
 *
 * @example
 * ```ts
 * const key = readX509Credential({ certificatePem, privateKeyPem });
 * const render = (signature?: RawXml) => envelope(binarySecurityTokenElement('X509-1', key), signature);
 * const signature = signMessage({ envelope: render(), key, bstId: 'X509-1', references: ['Body-1', 'TS-1'] });
 * const body = render(signature);
 * ```
 * @internal
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { DigestAlgorithm, EXC_C14N, SignatureAlgorithm } from '../signing/signature-algorithms.js';
import { TokenType, ValueType } from '../token-types.js';
import { NS, UsernameTokenUri } from '../xml/namespaces.js';
import { el, raw, type RawXml, type XmlNode } from '../xml/xml-builder.js';

/** The wsu:Id values this file references: the ASCII NCName subset the STS's verifier accepts (at most 128). */
const ID_VALUE = /^[A-Za-z_][A-Za-z0-9._-]{0,127}$/;

/** A certificate and the private key it certifies, read and checked once per request. @internal */
export interface X509SigningKey {
  /** The certificate's DER, as it goes into the BinarySecurityToken. */
  readonly certificateDer: Buffer;
  readonly privateKey: KeyObject;
}

/**
 * Reads the credential's PEM texts: the first certificate of `certificatePem` and the private key of
 * `privateKeyPem`, which must be an unencrypted RSA key (the signature is RSA-SHA256) matching the
 * certificate's public key (`X509Certificate.checkPrivateKey`).
 * @throws TypeError naming the problem; a key or certificate that cannot be read keeps the parser's error as cause.
 * @internal
 */
export function readX509Credential(credential: { readonly certificatePem: unknown; readonly privateKeyPem: unknown }): X509SigningKey {
  const { certificatePem, privateKeyPem } = credential;
  if (typeof certificatePem !== 'string') throw new TypeError('x509 certificatePem must be a PEM string');
  if (typeof privateKeyPem !== 'string') throw new TypeError('x509 privateKeyPem must be a PEM string');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (error) {
    throw new TypeError(`x509 certificatePem is not a PEM certificate: ${(error as Error).message}`, { cause: error });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new TypeError(`x509 privateKeyPem is not an unencrypted PEM private key: ${(error as Error).message}`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new TypeError(`x509 privateKeyPem holds a ${String(privateKey.asymmetricKeyType)} key; the message signature is RSA-SHA256 and needs an RSA key`);
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new TypeError(`x509 privateKeyPem is not the key of the certificate ${JSON.stringify(certificate.subject.replace(/\n/g, ', '))}`);
  }
  return Object.freeze({ certificateDer: certificate.raw, privateKey });
}

/**
 * The `wsse:BinarySecurityToken` carrying the certificate (X.509 Token Profile 1.1 section 3.1), in the
 * envelope's `wsse` and `wsu` prefixes.
 * @internal
 */
export function binarySecurityTokenElement(id: string, key: X509SigningKey): XmlNode {
  checkId(id);
  return el(
    'wsse:BinarySecurityToken',
    { 'wsu:Id': id, ValueType: TokenType.X509v3, EncodingType: UsernameTokenUri.base64Binary },
    [key.certificateDer.toString('base64')],
  );
}

/** What {@link signMessage} signs. @internal */
export interface MessageSignatureRequest {
  /**
   * The envelope as it will be sent, without the signature: it declares the prefixes `wsse` and `wsu`, and its
   * Security header holds the BinarySecurityToken `bstId`.
   */
  readonly envelope: string;
  readonly key: X509SigningKey;
  /** The wsu:Id of the BinarySecurityToken the signature's KeyInfo points at. */
  readonly bstId: string;
  /**
   * Instead of the BinarySecurityToken: the ID of a SAML 2.0 holder-of-key assertion in the Security header
   * whose confirmation key this is; the KeyInfo names it by a `wsse:KeyIdentifier` of ValueType `#SAMLID`
   * (WSS SAML Token Profile 1.1 section 3.4.2) and the signature goes right after it.
   */
  readonly samlAssertionId?: string;
  /**
   * The wsu:Ids of the parts to sign, in SignedInfo order; the STS requires the Body and the Timestamp
   * (security-rules.md section 1 row 15).
   */
  readonly references: readonly string[];
}

/**
 * Signs the parts `references` names and returns the `ds:Signature` element, which belongs right after the
 * BinarySecurityToken in the Security header (WSS 1.1 section 5: a receiver meets the token before the
 * signature that uses it). Its digests and signature value are those of `request.envelope`; put the element
 * into that very text (re-rendered by the same builder) and nowhere else.
 * @throws TypeError for an ID outside the verifier's ID syntax; Error when xml-crypto referenced anything but
 *   exactly the parts asked for.
 * @internal
 */
export function signMessage(request: MessageSignatureRequest): RawXml {
  const { envelope, key, bstId, references } = request;
  checkId(bstId);
  if (references.length === 0) throw new TypeError('a message signature needs at least one reference');
  for (const id of references) checkId(id);
  if (new Set(references).size !== references.length) throw new TypeError('a part is referenced twice');

  // KeyInfo (X.509 Token Profile 1.1 section 3.2): a direct reference to the token, built by the escaping
  // builder; xml-crypto parses it inside a wrapper that declares `wsse` (existingPrefixes below).
  const samlId = request.samlAssertionId;
  if (samlId !== undefined) checkId(samlId);
  const keyInfo = el('wsse:SecurityTokenReference', {}, [
    samlId === undefined
      ? el('wsse:Reference', { URI: `#${bstId}`, ValueType: TokenType.X509v3 })
      : el('wsse:KeyIdentifier', { ValueType: ValueType.Saml20Id }, [samlId]),
  ]).toString();
  const after = samlId === undefined
    ? byWsuId(`*[local-name()='BinarySecurityToken' and namespace-uri()='${NS.wsse}']`, bstId)
    : `//*[local-name()='Assertion' and namespace-uri()='${NS.saml2}'][@ID='${samlId}']`;
  const signer = new SignedXml({
    privateKey: key.privateKey,
    signatureAlgorithm: SignatureAlgorithm.RsaSha256,
    canonicalizationAlgorithm: EXC_C14N,
    // wsu:Id in the wsu namespace only (never an `Id` in another namespace), and never one xml-crypto invents.
    idMode: 'wssecurity',
    getKeyInfoContent: () => keyInfo,
  });
  signer.idAttributes = ['Id'];
  for (const id of references) {
    signer.addReference({ xpath: byWsuId('*', id), transforms: [EXC_C14N], digestAlgorithm: DigestAlgorithm.Sha256 });
  }
  signer.computeSignature(envelope, {
    prefix: 'ds',
    existingPrefixes: { wsse: NS.wsse, wsu: NS.wsu },
    location: { reference: after, action: 'after' },
  });

  // Fail closed: exactly one Reference per part, to the part's own wsu:Id, in the order asked for.
  const made = signer.getReferences().map((reference) => reference.uri);
  const signature = signer.getSignatureXml();
  const referenceCount = signature.split('<ds:Reference ').length - 1;
  if (referenceCount !== references.length || made.length !== references.length || made.some((uri, i) => uri !== references[i])) {
    throw new Error(`xml-crypto referenced ${JSON.stringify(made)} (${referenceCount} references), expected ${JSON.stringify(references)}`);
  }
  return raw(signature);
}

/** An XPath to the element carrying wsu:Id `id` (checked to be an NCName, so it cannot leave the literal). */
function byWsuId(step: string, id: string): string {
  return `//${step}[@*[local-name()='Id' and namespace-uri()='${NS.wsu}']='${id}']`;
}

function checkId(id: string): void {
  if (typeof id !== 'string' || !ID_VALUE.test(id)) throw new TypeError(`not an ID the STS accepts in a reference: ${JSON.stringify(id)}`);
}
