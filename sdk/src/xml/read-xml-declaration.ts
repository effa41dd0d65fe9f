/**
 * Reads the XML declaration at offset 0, if there is one, for the byte gate (security-rules.md section 3.1
 * rule 1: "reject any `encoding=` other than UTF-8").
 *
 * The gate hands libxml2 a decoded string and libxml2 ignores the declared encoding then, but xmldom and any
 * later consumer of the bytes may not: a declared ISO-8859-1 would let two readers see different characters.
 *
 * The declaration is tokenized (XML 1.0 section 2.8, productions XMLDecl, VersionInfo, EncodingDecl, SDDecl)
 * rather than cut at the first `?>`, so the gate and the parser agree on where it ends. Pseudo-attribute values
 * are limited to the characters the three productions allow (`[A-Za-z0-9._-]`), so no value can hide a `?>`.
 * Only version 1.0 passes: XML 1.1 reads line ends and control characters otherwise (XML 1.1 section 2.11), and
 * libxml2 2.15 parses a 1.1 document as 1.0 without a word, where xmldom might not. Standalone is left to the
 * strict parser.
 * @internal
 */
import { XmlRejectedError } from './xml-rejected-error.js';

/**
 * @returns the offset just past the declaration's `?>`, or 0 when the text has no XML declaration at offset 0.
 * @throws {@link XmlRejectedError} `encoding` for an encoding other than UTF-8, `malformed` for a declaration
 * that cannot be tokenized or names a version other than 1.0.
 * @internal
 */
export function readXmlDeclaration(text: string): number {
  // `<?xml` must be followed by whitespace; `<?xml-stylesheet` or `<?xml?>` is a processing instruction, which
  // the gate refuses afterwards.
  if (!text.startsWith('<?xml') || !isSpace(text.charCodeAt(5))) return 0;
  let p = 5;
  for (;;) {
    const beforeSpace = p;
    p = skipSpace(text, p);
    if (text.startsWith('?>', p)) return p + 2;
    if (p === beforeSpace) throw malformed(p, 'whitespace expected before a pseudo-attribute');
    const nameStart = p;
    while (isAsciiLetter(text.charCodeAt(p))) p++;
    if (p === nameStart) throw malformed(p, 'pseudo-attribute name expected');
    const name = text.slice(nameStart, p);
    p = skipSpace(text, p);
    if (text.charCodeAt(p) !== 0x3d /* = */) throw malformed(p, '"=" expected');
    p = skipSpace(text, p + 1);
    const quote = text.charCodeAt(p);
    if (quote !== 0x22 && quote !== 0x27) throw malformed(p, 'quoted value expected');
    const valueStart = ++p;
    while (isValueChar(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) !== quote) throw malformed(p, 'unexpected character in a pseudo-attribute value');
    const value = text.slice(valueStart, p);
    p++;
    if (name === 'version' && value !== '1.0') throw malformed(valueStart, `XML version "${value.slice(0, 40)}"; only 1.0 is accepted`);
    if (name === 'encoding' && value.toLowerCase() !== 'utf-8') {
      // The value is at most [A-Za-z0-9._-]* of a bounded request; still, cut it so a log line stays short.
      throw new XmlRejectedError(
        'encoding',
        `the XML declaration names encoding "${value.slice(0, 40)}"; only UTF-8 is accepted`,
      );
    }
  }
}

function malformed(offset: number, what: string): XmlRejectedError {
  return new XmlRejectedError('malformed', `XML declaration, offset ${offset}: ${what}`);
}

function skipSpace(text: string, p: number): number {
  while (isSpace(text.charCodeAt(p))) p++;
  return p;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isValueChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x5f || c === 0x2d;
}
