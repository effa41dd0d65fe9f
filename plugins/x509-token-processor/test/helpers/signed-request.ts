/**
 * Builds WS-Trust Issue requests signed the way a WS-Security 1.1 client signs them (WSS 1.1 SOAP Message
 * Security section 8, X.509 Token Profile 1.1 section 3.2): a Timestamp and a BinarySecurityToken in the
 * Security header, and a ds:Signature after the BST with exc-c14n references to `#Body-id` and `#TS-id`
 * (and optionally the WS-Addressing headers), whose KeyInfo is a SecurityTokenReference to the BST.
 *
 * The signature is made with xml-crypto directly (not with the code under test). Options change exactly one
 * thing of the valid request, so that each negative test differs from the valid one in a single respect.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { NS, UsernameTokenUri } from '@sts/sdk/xml';
import { TokenType } from '@sts/sdk';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export const BST_ID = 'X509-id';
export const BODY_ID = 'Body-id';
export const TS_ID = 'TS-id';

/** The parts a test may ask to be signed, by their wsu:Id. */
export type SignedPartId = typeof BODY_ID | typeof TS_ID | 'To-id' | 'Action-id' | 'MessageID-id' | typeof BST_ID | 'RST-id';

export interface SignedRequestOptions {
  readonly soapVersion?: '1.1' | '1.2';
  /** DER of the certificate shipped in the BST. */
  readonly certificate: Buffer;
  /** The key the signature is made with (normally the certificate's). */
  readonly signingKey: KeyObject;
  /** wsu:Ids to sign; default Body and Timestamp. */
  readonly references?: readonly SignedPartId[];
  readonly signatureAlgorithm?: string;
  readonly digestAlgorithm?: string;
  /** Transforms of every reference; default exc-c14n alone. */
  readonly transforms?: readonly string[];
  /** KeyInfo content; default an STR with one Reference to `#X509-id`. */
  readonly keyInfo?: string;
  /** A second BST (wsu:Id `X509-other`) holding this DER, placed before the first. */
  readonly secondCertificate?: Buffer;
  /** Namespace of the Body's `wsu:Id`-looking attribute (default the real wsu namespace). */
  readonly bodyIdNamespace?: string;
  /** Timestamp Created; default the test clock's now. */
  readonly created?: Date;
  /** Give the RequestSecurityToken (inside the Body) wsu:Id `RST-id`, so that a reference can point at it. */
  readonly rstId?: boolean;
}

/** The default KeyInfo: wsse:SecurityTokenReference with a direct Reference (X.509 Token Profile 1.1 section 3.2). */
export function strToBst(id: string = BST_ID): string {
  return `<wsse:SecurityTokenReference><wsse:Reference URI="#${id}" ValueType="${TokenType.X509v3}"/></wsse:SecurityTokenReference>`;
}

/** A signed SOAP request, as a string. */
export function signedRequest(options: SignedRequestOptions): string {
  const soap = options.soapVersion === '1.2' ? NS.soap12 : NS.soap11;
  const created = options.created ?? new Date('2026-03-01T12:00:00.000Z');
  const expires = new Date(created.getTime() + 300_000);
  const bodyIdNs = options.bodyIdNamespace ?? NS.wsu;
  const bodyIdAttribute = bodyIdNs === NS.wsu ? `wsu:Id="${BODY_ID}"` : `xmlns:x="${bodyIdNs}" x:Id="${BODY_ID}"`;
  const bst = (id: string, der: Buffer): string =>
    `<wsse:BinarySecurityToken wsu:Id="${id}" ValueType="${TokenType.X509v3}" EncodingType="${UsernameTokenUri.base64Binary}">${der.toString('base64')}</wsse:BinarySecurityToken>`;

  const unsigned =
    `<s:Envelope xmlns:s="${soap}" xmlns:wsa="${NS.wsa}" xmlns:wsse="${NS.wsse}" xmlns:wsu="${NS.wsu}" xmlns:wst="${NS.wst13}">` +
    `<s:Header>` +
    `<wsa:Action wsu:Id="Action-id">http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue</wsa:Action>` +
    `<wsa:MessageID wsu:Id="MessageID-id">urn:uuid:${randomUUID()}</wsa:MessageID>` +
    `<wsa:To wsu:Id="To-id">https://sts.test/idp/sts.wst</wsa:To>` +
    `<wsse:Security s:mustUnderstand="1">` +
    `<wsu:Timestamp wsu:Id="${TS_ID}"><wsu:Created>${created.toISOString()}</wsu:Created><wsu:Expires>${expires.toISOString()}</wsu:Expires></wsu:Timestamp>` +
    (options.secondCertificate ? bst('X509-other', options.secondCertificate) : '') +
    bst(BST_ID, options.certificate) +
    `</wsse:Security>` +
    `</s:Header>` +
    `<s:Body ${bodyIdAttribute}>` +
    `<wst:RequestSecurityToken${options.rstId ? ' wsu:Id="RST-id"' : ''}><wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>` +
    `<wst:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</wst:TokenType></wst:RequestSecurityToken>` +
    `</s:Body>` +
    `</s:Envelope>`;

  const keyInfo = options.keyInfo ?? strToBst();
  const signature = new SignedXml({
    privateKey: options.signingKey,
    signatureAlgorithm: options.signatureAlgorithm ?? RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () => keyInfo,
  });
  // Only wsu:Id-style attributes (any namespace: xml-crypto matches the local name) identify the parts.
  signature.idAttributes = ['Id'];
  for (const id of options.references ?? [BODY_ID, TS_ID]) {
    signature.addReference({
      xpath: `//*[@*[local-name(.)='Id']='${id}']`,
      transforms: [...(options.transforms ?? [EXC_C14N])],
      digestAlgorithm: options.digestAlgorithm ?? SHA256,
    });
  }
  signature.computeSignature(unsigned, {
    prefix: 'ds',
    existingPrefixes: { wsse: NS.wsse, wsu: NS.wsu },
    location: { reference: `//*[local-name(.)='BinarySecurityToken'][@*[local-name(.)='Id']='${BST_ID}']`, action: 'after' },
  });
  return signature.getSignedXml();
}
