/**
 * The strict parse (DESIGN.md section 4 step 3; security-rules.md section 3.1 rules 2 and 3), with libxml2-wasm:
 * libxml2 2.15 compiled to WebAssembly, so a memory bug in the parser stays inside the Wasm sandbox and it has
 * no file system or network to reach (security-rules.md section 2, [E11]).
 *
 * - The options are spelled out: no entity substitution, no external entities (`XML_PARSE_NO_XXE`), no network,
 *   no DTD loading, no recovery (libxml2-wasm throws on every error, namespace errors included).
 * - The gated string is parsed (as its UTF-8 bytes), not the bytes received, so that what is parsed is what the
 *   gate checked.
 * - The native document is read once into {@link XmlDocument} (plain objects, read-native-tree.ts) and freed
 *   before this returns:
 *   nothing native outlives the call, whatever the caller does with the tree (issue 12: libxmljs2's documents
 *   were freed only by V8's full collections, two per document, and held hundreds of MB between them).
 *
 * Call it only on text that passed {@link gateXmlBytes}: the gate refuses DOCTYPE, PIs and comments before any
 * parser runs (internal entities would still be expanded, [E11]).
 * @public
 */
import { ParseOption, XmlDocument as NativeDocument } from 'libxml2-wasm';
import { checkLayout, readNativeTree } from './read-native-tree.js';
import type { XmlDocument } from './xml-dom.js';
import { XmlRejectedError } from './xml-rejected-error.js';

export { XmlDocument, XmlDomElement } from './xml-dom.js';

// XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID, XML_PARSE_XINCLUDE, XML_PARSE_HUGE,
// XML_PARSE_RECOVER and XML_PARSE_NOBLANKS stay off; a refactor that adds one shows up in this line.
// XML_PARSE_IGNORE_ENC: the bytes are the text's UTF-8, whatever its declaration says (the gate refuses another
// declared encoding; without this flag a declared ISO-8859-1 would re-decode the bytes).
/** The libxml2 options of every strict parse (exported for tests that parse the same way). @public */
export const STRICT_PARSE_OPTIONS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_IGNORE_ENC | ParseOption.XML_PARSE_NO_SYS_CATALOG;

checkLayout((text) => NativeDocument.fromBuffer(Buffer.from(text, 'utf8'), { option: STRICT_PARSE_OPTIONS }));

/*
 * The last text parsed and its tree. A signed request is parsed by the front door and again, from the same
 * string, by the SDK's message-signature check (which is handed the text so that the string verified is the
 * string parsed, security-rules.md section 3.1 rule 2): the same text always gives the same tree, and the tree is
 * read-only, so the second parse is this comparison (issue 12: a parse was about 6 % of an X.509-signed
 * request's worker time). Only a parse that succeeded is kept.
 */
let last: { readonly text: string; readonly doc: XmlDocument } | undefined;

/* The text each tree was parsed from, for as long as the tree lives (see {@link sourceOfTree}). */
const sources = new WeakMap<XmlDocument, string>();

/** Parses gated text; throws {@link XmlRejectedError} with code `malformed` on any error. @public */
export function parseStrictXml(text: string): XmlDocument {
  if (last !== undefined && last.text === text) return last.doc;
  const doc = parseNative(text);
  last = { text, doc };
  sources.set(doc, text);
  return doc;
}

/**
 * The text a tree was parsed from: lets a check that is handed both a text and an element of its tree (the
 * signature check) make sure the element is from that text. @internal
 */
export function sourceOfTree(doc: XmlDocument): string | undefined {
  return sources.get(doc);
}

function parseNative(text: string): XmlDocument {
  // The text is handed over as its UTF-8 bytes (Node's encoder; libxml2-wasm's string path encodes in a JS loop,
  // a third of the parse for a 5 KB request). Lone surrogates have no UTF-8: refused rather than replaced.
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) throw new XmlRejectedError('malformed', 'the text holds a lone surrogate');
  let native: NativeDocument;
  try {
    native = NativeDocument.fromBuffer(Buffer.from(text, 'utf8'), { option: STRICT_PARSE_OPTIONS });
  } catch (error) {
    throw new XmlRejectedError('malformed', firstLine((error as Error).message));
  }
  try {
    return readNativeTree(native);
  } finally {
    native.dispose();
  }
}

function firstLine(message: string): string {
  return (message.split('\n').find((line) => line.trim() !== '') ?? 'parse error').trim();
}
