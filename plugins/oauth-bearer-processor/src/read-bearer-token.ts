/**
 * The access token as received: in a wsse:BinarySecurityToken (PingFederate base64-encodes it, value type
 * `urn:pingidentity.com:oauth2:grant_type:validate_bearer`; EncodingType Base64Binary, or none for the
 * token's own text), or as an OAuth `subject_token` (its text). RFC 6750 section 2.1: an access token is
 * b64token characters, so anything else is refused before it goes anywhere.
 */
import { InvalidSecurityTokenError, type ReceivedToken } from '@sts/sdk';

const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function readBearerToken(token: ReceivedToken, maxTokenBytes: number): string {
  // Base64 in XML may be wrapped over lines; a subject_token is taken exactly as sent.
  const raw = token.text ?? '';
  const text = token.element ? raw.replace(/[ \t\r\n]+/g, '') : raw;
  if (text === '') throw new InvalidSecurityTokenError('the access token is empty');
  if (text.length > 2 * maxTokenBytes) throw new InvalidSecurityTokenError('the access token is too large');
  const encodingType = token.element?.attributes['EncodingType'];
  let value = text;
  if (encodingType === BASE64_BINARY) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) throw new InvalidSecurityTokenError('the Base64Binary token is not base64');
    value = Buffer.from(text, 'base64').toString('latin1');
  } else if (encodingType !== undefined) {
    throw new InvalidSecurityTokenError('unsupported EncodingType');
  }
  if (value.length > maxTokenBytes) throw new InvalidSecurityTokenError('the access token is too large');
  if (!B64TOKEN.test(value)) throw new InvalidSecurityTokenError('the access token has characters outside RFC 6750 b64token');
  return value;
}
