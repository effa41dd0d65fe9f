/**
 * The structural scan of the byte gate (security-rules.md section 3.1 rule 1, last bullet; section 6.5): one
 * forward pass that finds every tag and enforces the caps that keep libxml2 2.9.9 and xml-crypto away from
 * their super-linear paths (40,000 attributes take 18.7 s in libxmljs2 [E4]; 25,000 elements take 23 s in
 * xml-crypto [E8]).
 *
 * It is not a parser, and it does not need to accept everything a parser would refuse: the strict parse runs
 * afterwards. What it must never do is count less than the parser will see. So it reads tags by the XML 1.0
 * grammar (section 3.1, productions STag, ETag, EmptyElemTag, Attribute, AttValue) and refuses as `malformed`
 * anything that does not fit, instead of guessing:
 * - an attribute value runs from its opening quote to the same quote; `>` and `/` inside it are data, and `<`
 *   inside it is refused (AttValue excludes it), so the scan and the parser always agree where a tag ends;
 * - a start tag needs whitespace before each attribute, an end tag is `</Name S?>`;
 * - an end tag without a start tag is refused, so nesting can never be under-counted;
 * - any `<!` other than `<![CDATA[` is refused (the gate has already refused comments and DOCTYPE), and so is
 *   any `<?` (the XML declaration is skipped by the caller).
 *
 * Every character is visited a bounded number of times (no regular expressions, no back-tracking), so the scan
 * is linear in the input, and each cap fails as soon as it is passed rather than after the whole tag.
 * @internal
 */
import type { XmlLimits } from './xml-limits.js';
import { XmlRejectedError } from './xml-rejected-error.js';

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f; // /
const BANG = 0x21; // !
const QUESTION = 0x3f; // ?
const EQUALS = 0x3d; // =
const DQUOTE = 0x22; // "
const SQUOTE = 0x27; // '
const COLON = 0x3a; // :

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';

/**
 * Scans `text` from `start` (just past the XML declaration, or 0) and throws on the first cap passed.
 * @throws {@link XmlRejectedError} `depth`, `attributes`, `namespaces`, `elements`, `text`,
 * `processing-instruction`, `doctype` or `malformed`.
 * @internal
 */
export function scanMarkup(text: string, start: number, limits: XmlLimits): void {
  const n = text.length;
  let i = start;
  let depth = 0;
  let elements = 0;
  // The current run of text since the last tag; CDATA sections add to it and do not end it.
  let textRun = 0;
  let textRunStart = start;

  while (i < n) {
    const lt = text.indexOf('<', i);
    textRun += (lt === -1 ? n : lt) - i;
    if (textRun > limits.maxTextLength) throw textTooLong(textRun, textRunStart, limits);
    if (lt === -1) break;

    const next = text.charCodeAt(lt + 1);
    if (next === SLASH) {
      i = scanEndTag(text, lt);
      depth--;
      if (depth < 0) throw malformed(lt, 'end tag without a matching start tag');
    } else if (next === BANG) {
      if (!text.startsWith(CDATA_OPEN, lt)) {
        throw new XmlRejectedError('doctype', `markup declaration "<!" at offset ${lt}`);
      }
      const contentStart = lt + CDATA_OPEN.length;
      const close = text.indexOf(CDATA_CLOSE, contentStart);
      if (close === -1) throw malformed(lt, 'unterminated CDATA section');
      textRun += close - contentStart;
      if (textRun > limits.maxTextLength) throw textTooLong(textRun, textRunStart, limits);
      i = close + CDATA_CLOSE.length;
      continue;
    } else if (next === QUESTION) {
      throw new XmlRejectedError('processing-instruction', `<? at offset ${lt}`);
    } else {
      elements++;
      if (elements > limits.maxElements) {
        throw new XmlRejectedError(
          'elements',
          `element ${elements} starts at offset ${lt}; maxElements is ${limits.maxElements}`,
        );
      }
      if (depth + 1 > limits.maxDepth) {
        throw new XmlRejectedError(
          'depth',
          `element at offset ${lt} is at depth ${depth + 1}; maxDepth is ${limits.maxDepth}`,
        );
      }
      const tag = scanStartTag(text, lt, limits);
      if (!tag.selfClosing) depth++;
      i = tag.end;
    }
    textRun = 0;
    textRunStart = i;
  }
  if (depth !== 0) throw malformed(n, `${depth} element(s) not closed at the end of the input`);
}

interface StartTag {
  /** Offset just past the tag's `>`. */
  readonly end: number;
  readonly selfClosing: boolean;
}

/** STag / EmptyElemTag: `<` Name (S Attribute)* S? (`>` | `/>`). */
function scanStartTag(text: string, lt: number, limits: XmlLimits): StartTag {
  let p = skipName(text, lt + 1);
  if (p === lt + 1) throw malformed(lt, '"<" not followed by a name');
  let attributes = 0;
  let namespaces = 0;
  for (;;) {
    const beforeSpace = p;
    p = skipSpace(text, p);
    if (p >= text.length) throw malformed(lt, 'unterminated start tag');
    const c = text.charCodeAt(p);
    if (c === GT) return { end: p + 1, selfClosing: false };
    if (c === SLASH) {
      if (text.charCodeAt(p + 1) === GT) return { end: p + 2, selfClosing: true };
      throw malformed(p, '"/" not followed by ">" in a start tag');
    }
    if (p === beforeSpace) throw malformed(p, 'whitespace expected before an attribute');

    const nameStart = p;
    p = skipName(text, p);
    if (p === nameStart) throw malformed(p, 'attribute name expected');
    attributes++;
    if (attributes > limits.maxAttributesPerElement) {
      throw new XmlRejectedError(
        'attributes',
        `start tag at offset ${lt} has more than ${limits.maxAttributesPerElement} attributes ` +
          `(stopped counting at ${attributes}); maxAttributesPerElement is ${limits.maxAttributesPerElement}`,
      );
    }
    if (isNamespaceDeclaration(text, nameStart, p)) {
      namespaces++;
      if (namespaces > limits.maxNamespaceDeclarationsPerElement) {
        throw new XmlRejectedError(
          'namespaces',
          `start tag at offset ${lt} has more than ${limits.maxNamespaceDeclarationsPerElement} namespace ` +
            `declarations (stopped counting at ${namespaces}); maxNamespaceDeclarationsPerElement is ` +
            `${limits.maxNamespaceDeclarationsPerElement}`,
        );
      }
    }

    p = skipSpace(text, p);
    if (text.charCodeAt(p) !== EQUALS) throw malformed(p, '"=" expected after an attribute name');
    p = skipSpace(text, p + 1);
    const quote = text.charCodeAt(p);
    if (quote !== DQUOTE && quote !== SQUOTE) throw malformed(p, 'quoted attribute value expected');
    p = skipAttributeValue(text, p + 1, quote);
  }
}

/** AttValue after its opening quote: everything up to the same quote, which may include `>` and `/`, not `<`. */
function skipAttributeValue(text: string, p: number, quote: number): number {
  for (; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === quote) return p + 1;
    if (c === LT) throw malformed(p, '"<" inside an attribute value');
  }
  throw malformed(p, 'unterminated attribute value');
}

/** ETag: `</` Name S? `>`. */
function scanEndTag(text: string, lt: number): number {
  const nameEnd = skipName(text, lt + 2);
  if (nameEnd === lt + 2) throw malformed(lt, '"</" not followed by a name');
  const p = skipSpace(text, nameEnd);
  if (text.charCodeAt(p) !== GT) throw malformed(p, '">" expected to close an end tag');
  return p + 1;
}

/** `xmlns` or `xmlns:prefix` (Namespaces in XML 1.0, section 3, productions DefaultAttName and PrefixedAttName). */
function isNamespaceDeclaration(text: string, nameStart: number, nameEnd: number): boolean {
  return (
    text.startsWith('xmlns', nameStart) &&
    (nameEnd === nameStart + 5 || text.charCodeAt(nameStart + 5) === COLON)
  );
}

/**
 * Skips a name: a run of characters that cannot end one. Names are not validated here (the parser does that);
 * the set of delimiters is what matters, and it includes every character that starts or ends a tag part.
 */
function skipName(text: string, p: number): number {
  for (; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (isSpace(c) || c === GT || c === SLASH || c === LT || c === EQUALS || c === DQUOTE || c === SQUOTE) {
      return p;
    }
  }
  return p;
}

function skipSpace(text: string, p: number): number {
  while (isSpace(text.charCodeAt(p))) p++;
  return p;
}

/** XML 1.0 production S. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function textTooLong(observed: number, offset: number, limits: XmlLimits): XmlRejectedError {
  return new XmlRejectedError(
    'text',
    `text run at offset ${offset} is at least ${observed} characters; maxTextLength is ${limits.maxTextLength}`,
  );
}

function malformed(offset: number, what: string): XmlRejectedError {
  return new XmlRejectedError('malformed', `offset ${offset}: ${what}`);
}
