/**
 * Takes the compact JWT out of a wsse:BinarySecurityToken. RFC 8693 section 3 names the JWT token type;
 * WSS SOAP Message Security 1.1 section 6.3 defines `EncodingType`, whose only defined value is Base64Binary.
 * Clients that carry a JWT in a BinarySecurityToken either base64-encode the compact form (EncodingType
 * Base64Binary) or put the compact form itself, which is already URL-safe ASCII, with no EncodingType (as
 * the kernel writes issued JWTs into the RSTR). Both are accepted; any other EncodingType is refused.
 */
import { InvalidSecurityTokenError, quoteForLog, TokenType, type ReceivedToken } from '@sts/sdk';

/** The WSS 1.0 `EncodingType` URI for base64. */
export const BASE64_BINARY =
  'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const LINE_BREAKS = /[ \t\r\n]/;
/** Printable ASCII without space: the latin1 string of bytes 0x21 to 0x7e, one character per byte. */
const VISIBLE_ASCII = /^[\x21-\x7e]*$/;

/**
 * Returns the compact JWT, or throws `InvalidSecurityTokenError`. The size cap applies before anything is
 * decoded: to the received text and again to the compact form.
 */
export function readCompactJwt(token: ReceivedToken, maxTokenBytes: number): string {
  if (token.valueType !== TokenType.Jwt) {
    throw new InvalidSecurityTokenError(`BinarySecurityToken ValueType ${quoteForLog(token.valueType)} is not the JWT token type`);
  }
  const text = token.text ?? '';
  if (text === '') throw new InvalidSecurityTokenError('the BinarySecurityToken is empty');
  // Base64 is 4/3 of the bytes, plus line breaks some encoders add: twice the cap bounds both.
  if (text.length > 2 * maxTokenBytes) throw tooLarge(text.length, maxTokenBytes);

  const encodingType = token.element?.attributes['EncodingType'];
  let compact: string;
  if (encodingType === undefined) {
    compact = text;
  } else if (encodingType === BASE64_BINARY) {
    // Most clients send one line, so the text is copied only when it has line breaks; and the ASCII check is one
    // regular expression over the decoded string, not a callback per byte (15 µs → 6 µs for a 700-byte token on
    // the development machine, issue 12).
    const base64 = LINE_BREAKS.test(text) ? text.replace(/[ \t\r\n]+/g, '') : text;
    if (base64.length % 4 !== 0 || !BASE64.test(base64)) {
      throw new InvalidSecurityTokenError('the Base64Binary BinarySecurityToken is not valid base64');
    }
    compact = Buffer.from(base64, 'base64').toString('latin1');
    // A compact JWS is ASCII (RFC 7515 section 7.1); anything else cannot be one, so there is no charset to guess.
    if (!VISIBLE_ASCII.test(compact)) {
      throw new InvalidSecurityTokenError('the decoded BinarySecurityToken is not a compact JWT (non-ASCII or whitespace bytes)');
    }
  } else {
    throw new InvalidSecurityTokenError(`BinarySecurityToken EncodingType ${quoteForLog(encodingType)} is not supported`);
  }
  if (compact.length > maxTokenBytes) throw tooLarge(compact.length, maxTokenBytes);
  return compact;
}

function tooLarge(size: number, max: number): InvalidSecurityTokenError {
  return new InvalidSecurityTokenError(`the JWT is ${size} bytes, more than the ${max} allowed`);
}
