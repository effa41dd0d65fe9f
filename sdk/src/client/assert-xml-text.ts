/**
 * Refuses option values that cannot travel through XML unchanged. The builder escapes markup, but it cannot
 * carry a character outside the XML 1.0 `Char` production (section 2.2), and a carriage return in text is
 * turned into a line feed by line-end normalization (section 2.11), which would silently change a password.
 *
 * @example
 * ```ts
 * assertXmlText('username', 'joe'); // ok
 * assertXmlText('username', 'a\u0000b'); // throws TypeError
 * ```
 * @internal
 */

const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Throws a TypeError naming `what` unless `value` is a string that XML can carry verbatim. @internal */
export function assertXmlText(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
  if (NOT_XML_CHAR.test(value)) throw new TypeError(`${what} contains a character XML 1.0 cannot carry`);
  if (value.includes('\r')) throw new TypeError(`${what} contains a carriage return, which XML parsers turn into a line feed`);
}
