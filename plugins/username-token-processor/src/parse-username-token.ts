/**
 * Reads a wsse:UsernameToken (UsernameToken Profile 1.0 section 3.1) into plain values, enforcing:
 *
 * - exactly one wsse:Username, whose text is not blank and at most 256 characters;
 * - at most one wsse:Password (BSP R4222), one wsu:Created (R4223) and one wsse:Nonce (R4225);
 * - Password `Type` is PasswordText or PasswordDigest (R4201); no `Type` means PasswordText, the profile's
 *   default and what Microsoft clients (MSAL "usernamemixed") send;
 * - a Password is present and not empty: this processor authenticates, so a username alone proves nothing;
 * - Nonce `EncodingType` is absent or Base64Binary (R4220/R4221) and the Nonce decodes to 16–64 bytes;
 * - a PasswordDigest is base64 of 20 bytes (SHA-1) and comes with a Nonce AND a Created (UsernameToken
 *   Profile 1.1 section 3.1 and WSS4J: without them a captured digest could be replayed forever);
 * - Created is an `xs:dateTime` with a zone, read by the SDK's one reader (`parseXsDateTime`), with at most
 *   the configured number of fractional digits; its exact text is kept, because the digest covers it;
 * - the four elements hold text only: a child element would split the text the digest and the user lookup see.
 *
 * Unknown child elements are ignored: the profile's schema allows `xsd:any` after Username.
 * Every refusal is a `FailedAuthenticationError`; its message is for the log only.
 */
import { FailedAuthenticationError, quoteForLog } from '@sts/sdk';
import { DEFAULT_MAX_FRACTIONAL_DIGITS, NS, UsernameTokenUri, attributeValue, childElements, parseXsDateTime, type XmlElementData } from '@sts/sdk/xml';
import { decodeBase64 } from './decode-base64.js';

/** The password of a token: clear text, or the decoded digest bytes. @public */
export type UsernameTokenPassword =
  | { readonly type: 'PasswordText'; readonly text: string }
  | { readonly type: 'PasswordDigest'; readonly digest: Buffer };

/** A structurally valid UsernameToken. @public */
export interface ParsedUsernameToken {
  readonly username: string;
  readonly password: UsernameTokenPassword;
  readonly nonce?: Buffer;
  /** The Created text exactly as sent (the digest covers it) and the instant it names. */
  readonly created?: { readonly text: string; readonly time: Date };
}

const MAX_USERNAME_LENGTH = 256;
/** Bounds the work a single request can ask of scrypt; no real password is this long. */
const MAX_PASSWORD_LENGTH = 1024;
const MIN_NONCE_BYTES = 16;
const MAX_NONCE_BYTES = 64;
const SHA1_BYTES = 20;

/** Options of {@link parseUsernameToken}. @public */
export interface ParseUsernameTokenOptions {
  /** Most fractional-second digits in wsu:Created (default 7, as .NET sends). */
  readonly createdMaxFractionalDigits?: number;
}

/** Parses and checks the token structure; throws `FailedAuthenticationError`. @public */
export function parseUsernameToken(element: XmlElementData | undefined, options: ParseUsernameTokenOptions = {}): ParsedUsernameToken {
  if (!element || element.namespaceUri !== NS.wsse || element.localName !== 'UsernameToken') {
    throw refuse('the token is not a wsse:UsernameToken element');
  }
  const username = only(element, NS.wsse, 'Username', 'exactly one', true)!.text;
  if (username.trim() === '') throw refuse('wsse:Username is empty');
  if (username.length > MAX_USERNAME_LENGTH) throw refuse(`wsse:Username is longer than ${MAX_USERNAME_LENGTH} characters`);

  const nonceElement = only(element, NS.wsse, 'Nonce', 'at most one (BSP R4225)', false);
  const createdElement = only(element, NS.wsu, 'Created', 'at most one (BSP R4223)', false);
  const passwordElement = only(element, NS.wsse, 'Password', 'at most one (BSP R4222)', false);
  const nonce = nonceElement && parseNonce(nonceElement);
  const created = createdElement && parseCreated(createdElement, options.createdMaxFractionalDigits ?? DEFAULT_MAX_FRACTIONAL_DIGITS);
  if (!passwordElement) throw refuse('the UsernameToken has no wsse:Password');
  const password = parsePassword(passwordElement);
  if (password.type === 'PasswordDigest' && (!nonce || !created)) {
    throw refuse('a PasswordDigest needs both wsse:Nonce and wsu:Created');
  }
  return { username, password, ...(nonce && { nonce }), ...(created && { created }) };
}

function only(parent: XmlElementData, ns: string, localName: string, rule: string, required: boolean): XmlElementData | undefined {
  const found = childElements(parent, ns, localName);
  if (found.length > 1 || (required && found.length === 0)) {
    throw refuse(`the UsernameToken has ${found.length} ${localName} elements; ${rule} is allowed`);
  }
  const child = found[0];
  if (child && child.children.length > 0) throw refuse(`${localName} must hold text only, not child elements`);
  return child;
}

function parsePassword(element: XmlElementData): UsernameTokenPassword {
  const type = attributeValue(element, 'Type');
  if (element.text === '') throw refuse('wsse:Password is empty');
  if (element.text.length > MAX_PASSWORD_LENGTH) throw refuse(`wsse:Password is longer than ${MAX_PASSWORD_LENGTH} characters`);
  if (type === undefined || type === UsernameTokenUri.passwordText) return { type: 'PasswordText', text: element.text };
  if (type === UsernameTokenUri.passwordDigest) {
    const digest = decodeBase64(element.text, { xmlWhitespace: true });
    if (digest?.length !== SHA1_BYTES) throw refuse('the PasswordDigest is not base64 of a 20-byte SHA-1 value');
    return { type: 'PasswordDigest', digest };
  }
  throw refuse(`unsupported Password Type ${quoteForLog(type)} (BSP R4201)`);
}

function parseNonce(element: XmlElementData): Buffer {
  const encodingType = attributeValue(element, 'EncodingType');
  if (encodingType !== undefined && encodingType !== UsernameTokenUri.base64Binary) {
    throw refuse(`unsupported Nonce EncodingType ${quoteForLog(encodingType)} (BSP R4221)`);
  }
  const nonce = decodeBase64(element.text, { xmlWhitespace: true });
  if (!nonce) throw refuse('wsse:Nonce is not base64');
  if (nonce.length < MIN_NONCE_BYTES || nonce.length > MAX_NONCE_BYTES) {
    throw refuse(`wsse:Nonce is ${nonce.length} bytes; ${MIN_NONCE_BYTES} to ${MAX_NONCE_BYTES} are allowed`);
  }
  return nonce;
}

/**
 * wsu:Created with a zone: WS-Security 1.1 section 10 says time values should be UTC, and `+00:00` (zeep and
 * other stacks) or any other offset names one instant as exactly as `Z`; without a zone there is no instant.
 * The text is kept as sent: the PasswordDigest is computed over it (UsernameToken Profile 1.1 section 3.1).
 */
function parseCreated(element: XmlElementData, maxFractionalDigits: number): { text: string; time: Date } {
  const read = parseXsDateTime(element.text, { maxFractionalDigits });
  if (!read.ok) throw refuse(`wsu:Created ${quoteForLog(element.text)} ${read.problem}`);
  return { text: element.text, time: read.time };
}

function refuse(message: string): FailedAuthenticationError {
  return new FailedAuthenticationError(`malformed UsernameToken: ${message}`);
}
