/**
 * The X.509 certificate in a `wsse:BinarySecurityToken` (WSS X.509 Token Profile 1.1 section 3.1; WS-I BSP
 * 1.1 R3029-R3033: EncodingType present and Base64Binary, ValueType present and one the profile defines).
 * Only `#X509v3` (a single certificate) is accepted: `#X509PKIPathv1` and `#PKCS7` would carry
 * intermediates, which this processor does not handle.
 */
import { FailedAuthenticationError, quoteForLog, TokenType, type ReceivedToken } from '@sts/sdk';
import { NS, UsernameTokenUri } from '@sts/sdk/xml';
import type { CertificateCache, ParsedCertificate } from './certificate-cache.js';
import { decodeBase64 } from './decode-base64.js';

/** What {@link decodeBinarySecurityToken} returns. @public */
export interface DecodedBinarySecurityToken {
  readonly certificate: ParsedCertificate;
  /** The token's `wsu:Id`, which the signature's SecurityTokenReference must name. */
  readonly id: string;
}

const WSU_ID = `{${NS.wsu}}Id`;
/** A DER certificate above this size is refused before it is parsed (the byte gate caps the request anyway). */
const MAX_DER_BYTES = 16_384;

/**
 * Decodes the token's certificate and parses it through `certificates` (once per distinct certificate; a text
 * seen before is not decoded again).
 * @throws FailedAuthenticationError for anything but one well-formed X.509 v3 certificate.
 * @public
 */
export function decodeBinarySecurityToken(token: ReceivedToken, certificates: CertificateCache): DecodedBinarySecurityToken {
  const element = token.element;
  if (!element || element.namespaceUri !== NS.wsse || element.localName !== 'BinarySecurityToken') {
    throw new FailedAuthenticationError('the token is not a wsse:BinarySecurityToken');
  }
  if (element.children.length > 0) throw new FailedAuthenticationError('the BinarySecurityToken has child elements');
  const valueType = element.attributes['ValueType'];
  if (valueType !== TokenType.X509v3) {
    throw new FailedAuthenticationError(`BinarySecurityToken ValueType ${quoteForLog(valueType)} is not X509v3 (BSP R3033)`);
  }
  const encodingType = element.attributes['EncodingType'];
  if (encodingType !== UsernameTokenUri.base64Binary) {
    throw new FailedAuthenticationError(`BinarySecurityToken EncodingType ${quoteForLog(encodingType)} is not Base64Binary (BSP R3029/R3031)`);
  }
  const id = element.attributes[WSU_ID];
  if (id === undefined || id === '') throw new FailedAuthenticationError('the BinarySecurityToken has no wsu:Id for a signature to reference');

  const text = token.text ?? '';
  // The same text as a token that passed every check below (certificate-cache.ts).
  const seen = certificates.known(text);
  if (seen !== undefined) return { certificate: seen, id };
  const der = decodeBase64(text);
  if (der === undefined || der.length === 0) throw new FailedAuthenticationError('the BinarySecurityToken is not valid base64');
  if (der.length > MAX_DER_BYTES) throw new FailedAuthenticationError(`the certificate is ${der.length} bytes; at most ${MAX_DER_BYTES} are accepted`);
  return { certificate: certificates.parse(der, text), id };
}
