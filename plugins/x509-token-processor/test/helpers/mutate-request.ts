/**
 * One-change mutations of a signed request, applied to the serialized XML after signing. Each asserts that
 * it changed something, so a helper that silently stops matching cannot turn a negative test into a no-op.
 */
import { randomUUID } from 'node:crypto';

function replaceOnce(xml: string, search: string | RegExp, replacement: string): string {
  const changed = xml.replace(search, replacement);
  if (changed === xml) throw new Error(`mutation did not apply: ${String(search)}`);
  return changed;
}

/** Changes the requested token type inside the signed Body. */
export function tamperBody(xml: string): string {
  return replaceOnce(xml, '<wst:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</wst:TokenType>', '<wst:TokenType>urn:evil:token</wst:TokenType>');
}

const BODY = /<s:Body [^>]*>[\s\S]*<\/s:Body>/;

/**
 * XSW on the Body (security-rules.md section 1 row 6; WSS4J testMovedElementChangedId): the signed Body,
 * keeping its wsu:Id, moves into a header wrapper, and a new Body with its own wsu:Id takes its place.
 */
export function moveBodyIntoHeader(xml: string): string {
  const signedBody = BODY.exec(xml)?.[0];
  if (!signedBody) throw new Error('no Body');
  const evilBody = signedBody.replace('wsu:Id="Body-id"', 'wsu:Id="Evil-body"').replace('urn:oasis:names:tc:SAML:2.0:assertion', 'urn:evil:token');
  const wrapped = replaceOnce(xml, BODY, evilBody);
  return addHeader(wrapped, `<x:Wrapper xmlns:x="urn:evil">${signedBody}</x:Wrapper>`);
}

/** The signed Timestamp moves into a header wrapper outside our Security header. */
export function moveTimestampOutOfSecurity(xml: string): string {
  const timestamp = /<wsu:Timestamp [\s\S]*?<\/wsu:Timestamp>/.exec(xml)?.[0];
  if (!timestamp) throw new Error('no Timestamp');
  return addHeader(replaceOnce(xml, timestamp, ''), `<x:Wrapper xmlns:x="urn:evil">${timestamp}</x:Wrapper>`);
}

/** Inserts a header block right before wsse:Security. */
export function addHeader(xml: string, header: string): string {
  return replaceOnce(xml, '<wsse:Security ', `${header}<wsse:Security `);
}

/** A second element with wsu:Id="Body-id" (a duplicate ID in the real wsu namespace). */
export function duplicateBodyId(xml: string): string {
  return addHeader(xml, `<x:Extra xmlns:x="urn:example" wsu:Id="Body-id">x</x:Extra>`);
}

/** Another element with an `Id` attribute in a foreign namespace carrying the Body's ID value. */
export function foreignIdWithBodyValue(xml: string): string {
  return addHeader(xml, `<x:Extra xmlns:x="urn:evil" x:Id="Body-id">x</x:Extra>`);
}

/** Removes the ds:Signature element. */
export function removeSignature(xml: string): string {
  return replaceOnce(xml, /<ds:Signature [\s\S]*<\/ds:Signature>/, '');
}

/** Flips one character of the SignatureValue (still valid base64). */
export function tamperSignatureValue(xml: string): string {
  const at = xml.indexOf('<ds:SignatureValue>') + '<ds:SignatureValue>'.length;
  if (at < '<ds:SignatureValue>'.length) throw new Error('no SignatureValue');
  return xml.slice(0, at) + (xml[at] === 'A' ? 'B' : 'A') + xml.slice(at + 1);
}

/** Sets an attribute of the (first) BinarySecurityToken named X509-id. */
export function setBstAttribute(xml: string, name: string, value: string): string {
  return replaceOnce(xml, new RegExp(`(<wsse:BinarySecurityToken wsu:Id="X509-id"[^>]*? ${name}=")[^"]*(")`), `$1${value}$2`);
}

/** Replaces the BST's content. */
export function setBstText(xml: string, text: string): string {
  return replaceOnce(xml, /(<wsse:BinarySecurityToken wsu:Id="X509-id"[^>]*>)[^<]*(<\/wsse:BinarySecurityToken>)/, `$1${text}$2`);
}

/** A second wsse:Security header before ours. */
export function addSecondSecurityHeader(xml: string): string {
  return addHeader(xml, `<wsse:Security><x:Other xmlns:x="urn:example"/></wsse:Security>`);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * The same SignatureValue bytes spelled differently: wrapped in lines of 64 characters (XMLDSig allows
 * whitespace in base64Binary) and with an unused padding bit set in the last character before `==`, which
 * every base64 decoder ignores. The signature still verifies; only a replay cache keyed on the text would
 * take it for a new message.
 */
export function respellSignatureValue(xml: string): string {
  const value = /<ds:SignatureValue>([^<]*)<\/ds:SignatureValue>/.exec(xml)?.[1];
  if (value === undefined || !value.endsWith('==')) throw new Error('no SignatureValue with == padding to respell');
  const last = value.length - 3;
  const respelled = value.slice(0, last) + BASE64_ALPHABET[BASE64_ALPHABET.indexOf(value[last]!) | 1] + '==';
  if (respelled === value) throw new Error('the padding bit was already set');
  return replaceOnce(xml, `<ds:SignatureValue>${value}</ds:SignatureValue>`, `<ds:SignatureValue>${respelled.replace(/.{64}/g, '$&\n')}</ds:SignatureValue>`);
}

/** A new wsa:MessageID (a header the default signature does not cover). */
export function changeMessageId(xml: string): string {
  return replaceOnce(xml, /<wsa:MessageID wsu:Id="MessageID-id">[^<]*<\/wsa:MessageID>/, `<wsa:MessageID wsu:Id="MessageID-id">urn:uuid:${randomUUID()}</wsa:MessageID>`);
}
