/**
 * The byte gate: the checks that run on the raw request before any XML parser sees it (security-rules.md
 * section 3.1 rule 1, section 1 rows 9–11, 22–24; DESIGN.md section 4 step 2).
 *
 * The parser is libxml2 (libxml2-wasm; libxmljs2's libxml2 2.9.9 before it, whose attribute parser is quadratic
 * and whose entity handling can abort the process [E3][E4]), and it still expands internal entities [E11];
 * xml-crypto (the SDK's signature check used it until issue 12; clients and partners still do) parses with
 * xmldom, which normalizes line ends differently [E10] and canonicalizes processing instructions as text [E7].
 * The gate removes those inputs while they are still bytes, in linear time, before any parser runs. Order of the checks:
 *
 * 1. size of the raw bytes (`too-large`), before anything else is spent on them;
 * 2. empty or whitespace-only input (`empty`);
 * 3. UTF-16/UTF-32 byte order marks and strict UTF-8 decoding; an XML declaration naming another encoding
 *    (`encoding`);
 * 4. `<!DOCTYPE`, `<!ENTITY` (`doctype`), `<?` other than the XML declaration (`processing-instruction`) and
 *    `<!--` (`comment`), anywhere in the text;
 * 5. forbidden characters (`forbidden-character`);
 * 6. the structural scan with the depth, attribute, namespace, element and text caps ({@link scanMarkup}).
 *
 * @public
 */
import { readXmlDeclaration } from './read-xml-declaration.js';
import { scanMarkup } from './scan-markup.js';
import { XmlRejectedError } from './xml-rejected-error.js';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './xml-limits.js';

export { DEFAULT_XML_LIMITS, type XmlLimits };

const LIMIT_NAMES = [
  'maxBytes',
  'maxDepth',
  'maxAttributesPerElement',
  'maxNamespaceDeclarationsPerElement',
  'maxElements',
  'maxTextLength',
] as const satisfies readonly (keyof XmlLimits)[];

/*
 * `ignoreBOM: true` because the gate strips exactly one UTF-8 BOM itself: with the default the decoder would
 * silently drop a second one, and the text the gate checked would differ from the bytes the caller holds.
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Checks untrusted XML before it is parsed and returns it as a string, without a leading byte order mark.
 *
 * Pass the returned string (never the original bytes) to the parser, so that what is parsed is what was checked
 * (security-rules.md section 3.1 rule 2).
 *
 * @param input - the raw request body, or text that was already decoded.
 * @param limits - the caps; {@link DEFAULT_XML_LIMITS} unless given.
 * @returns the decoded text.
 * @throws {@link XmlRejectedError} with the code of the first rule the input breaks.
 * @throws TypeError when `input` is neither a Buffer nor a string, or a limit is not a non-negative integer.
 *
 * @example
 * ```ts
 * const text = gateXmlBytes(requestBody);
 * const doc = parseStrictXml(text);
 * ```
 * @public
 */
export function gateXmlBytes(input: Buffer | string, limits: XmlLimits = DEFAULT_XML_LIMITS): string {
  checkLimits(limits);
  if (typeof input === 'string' && passedBefore(input, limits)) return input;
  const text = typeof input === 'string' ? textFromString(input, limits) : textFromBytes(input, limits);
  if (isXmlWhitespaceOnly(text)) throw new XmlRejectedError('empty', 'the request has no content');
  const declarationEnd = readXmlDeclaration(text);
  rejectForbiddenMarkup(text, declarationEnd);
  rejectForbiddenCharacters(text);
  scanMarkup(text, declarationEnd, limits);
  lastPassed = { text, limits };
  return text;
}

/*
 * The last text the gate let through, and the caps it was checked against. A signed request's envelope is gated
 * by the front door and again, as the same string, by the SDK's message-signature check (issue 12: about 1.5 % of
 * an X.509 request). The gate is a function of the text and the caps, and every cap is a maximum, so a text that
 * passed caps no looser than these passes these: it is answered at once. A leading U+FEFF is never answered so
 * (the gate would strip it, and the text it returned had none).
 */
let lastPassed: { readonly text: string; readonly limits: XmlLimits } | undefined;

function passedBefore(input: string, limits: XmlLimits): boolean {
  if (lastPassed === undefined || input.charCodeAt(0) === 0xfeff || lastPassed.text !== input) return false;
  const before = lastPassed.limits;
  return LIMIT_NAMES.every((name) => before[name] <= limits[name]);
}

/** A wrong limit (NaN, negative, a string) would make every comparison false, and the gate would fail open. */
function checkLimits(limits: XmlLimits): void {
  for (const name of LIMIT_NAMES) {
    const value: unknown = limits?.[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(`XmlLimits.${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
}

function textFromString(input: string, limits: XmlLimits): string {
  // Every UTF-16 code unit takes at least one UTF-8 byte, so a string longer than the cap is refused without
  // measuring it.
  const bytes = input.length > limits.maxBytes ? input.length : Buffer.byteLength(input, 'utf8');
  if (bytes > limits.maxBytes) throw tooLarge(bytes, limits, input.length > limits.maxBytes);
  if (input.length === 0) throw new XmlRejectedError('empty', 'the request is 0 bytes long');
  // A decoded string can only carry a BOM as a leading U+FEFF; strip one, as for bytes.
  return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
}

function textFromBytes(input: Buffer, limits: XmlLimits): string {
  if (!(input instanceof Uint8Array)) {
    throw new TypeError(`gateXmlBytes expects a Buffer or a string, got ${typeof input}`);
  }
  if (input.length > limits.maxBytes) throw tooLarge(input.length, limits, false);
  if (input.length === 0) throw new XmlRejectedError('empty', 'the request is 0 bytes long');
  rejectOtherEncodings(input);
  const hasUtf8Bom = input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf;
  try {
    return STRICT_UTF8.decode(hasUtf8Bom ? input.subarray(3) : input);
  } catch {
    throw new XmlRejectedError('encoding', 'the request is not well-formed UTF-8');
  }
}

function tooLarge(observed: number, limits: XmlLimits, atLeast: boolean): XmlRejectedError {
  return new XmlRejectedError(
    'too-large',
    `the request is ${atLeast ? 'at least ' : ''}${observed} bytes; maxBytes is ${limits.maxBytes}`,
  );
}

/**
 * UTF-16 and UTF-32 are refused by their byte order marks, or, without one, by the zero bytes that the first
 * `<` gets in them (XML 1.0 Appendix F). Other encodings fail strict UTF-8 decoding or the declaration check.
 */
function rejectOtherEncodings(bytes: Buffer): void {
  const [b0, b1, b2, b3] = bytes;
  let found: string | undefined;
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) found = 'a UTF-32LE byte order mark';
  else if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) found = 'a UTF-32BE byte order mark';
  else if (b0 === 0xff && b1 === 0xfe) found = 'a UTF-16LE byte order mark';
  else if (b0 === 0xfe && b1 === 0xff) found = 'a UTF-16BE byte order mark';
  else if (b0 === 0x00 || b1 === 0x00) found = 'zero bytes at its start (UTF-16 or UTF-32 without a byte order mark)';
  if (found !== undefined) throw new XmlRejectedError('encoding', `the request has ${found}; only UTF-8 is accepted`);
}

/** XML 1.0 production S: space, tab, CR, LF. */
function isXmlWhitespaceOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

/**
 * These markers are refused wherever they occur, CDATA sections included: the gate looks at text, not at a
 * parse, so it does not decide whether a marker is "really" markup. WS-Trust messages have no reason to carry
 * them, and refusing them everywhere leaves no context for an attacker to play with.
 * - DOCTYPE/ENTITY: XXE and entity expansion (security-rules.md section 1 rows 22–23; [E1][E3]).
 * - PIs: xml-crypto canonicalizes a PI as text, so `<U><?p ali?>ce</U>` signs as `alice` but reads as `ce`
 *   (section 0 item 3, section 1 row 11; [E7]).
 * - Comments: our policy refuses them everywhere (section 1 row 10; CVE-2017-11427 class).
 */
function rejectForbiddenMarkup(text: string, declarationEnd: number): void {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype !== -1) throw new XmlRejectedError('doctype', `<!DOCTYPE at offset ${doctype}`);
  const entity = text.indexOf('<!ENTITY');
  if (entity !== -1) throw new XmlRejectedError('doctype', `<!ENTITY at offset ${entity}`);
  const pi = text.indexOf('<?', declarationEnd);
  if (pi !== -1) {
    throw new XmlRejectedError(
      'processing-instruction',
      `<? at offset ${pi}; only an XML declaration at offset 0 is allowed`,
    );
  }
  const comment = text.indexOf('<!--');
  if (comment !== -1) throw new XmlRejectedError('comment', `<!-- at offset ${comment}`);
}

/**
 * Refuses, in one pass:
 * - C0 controls other than TAB, LF, CR (not XML 1.0 `Char`; xmldom accepts U+0001 where libxml2 does not [E9]);
 * - U+0085, U+2028, U+2029: xmldom rewrites them to LF (or a space in attributes) while libxml2 keeps them, so
 *   signed text could read differently after verification ([E10]; security-rules.md section 3.3);
 * - U+FFFE, U+FFFF and lone surrogates: not XML 1.0 `Char` (section 2.2). Only a string input can carry lone
 *   surrogates; strict decoding already refuses them in bytes.
 */
function rejectForbiddenCharacters(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    } else if (c < 0x85) {
      continue;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (c !== 0x85 && c !== 0x2028 && c !== 0x2029 && c !== 0xfffe && c !== 0xffff) {
      continue;
    }
    throw new XmlRejectedError('forbidden-character', `${describeCodeUnit(c)} at offset ${i}`);
  }
}

function describeCodeUnit(c: number): string {
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return c >= 0xd800 && c <= 0xdfff ? `lone surrogate ${hex}` : hex;
}
