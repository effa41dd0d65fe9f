/**
 * The builder escapes markup, but it cannot make every string representable. A value that would change on
 * its way through the signer is refused, so that what the connection mapped is exactly what gets signed:
 *
 * - characters outside the XML 1.0 `Char` production (section 2.2: C0 controls, lone surrogates, U+FFFE,
 *   U+FFFF) make the output not well-formed;
 * - a raw carriage return in text is turned into a line feed by every parser (XML 1.0 section 2.11);
 * - U+0085 and U+2028 are turned into line feeds by xmldom, the parser inside xml-crypto, and U+2029 by
 *   newer xmldom (security-rules.md section 3.3); our own byte gate refuses all three on input, so a token
 *   carrying them could not even be validated by us.
 */
import { RequestFailedError } from '../errors.js';

const UNSAFE = /[^\t\n\x20-\x84\x86-\u2027\u202A-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Returns the value, or throws `wst:RequestFailed` naming the field (for the log only). @public */
export function assertXmlSafe(field: string, value: string): string {
  if (UNSAFE.test(value)) throw new RequestFailedError(`${field} contains a character that cannot be issued in XML`);
  return value;
}
