/**
 * Strict base64 decoding. `Buffer.from(text, 'base64')` silently skips characters outside the alphabet, so
 * `"ab!cd"` and `"abcd"` would decode alike; a security token must not have two spellings. XML whitespace is
 * dropped first, as the `xs:base64Binary` lexical space allows line breaks (XML Schema 2 section 3.2.16).
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const XML_WHITESPACE = /[ \t\r\n]/g;

/** Decodes canonical-alphabet base64 with correct padding, or returns undefined. @public */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(XML_WHITESPACE, '');
  return BASE64.test(compact) ? Buffer.from(compact, 'base64') : undefined;
}
