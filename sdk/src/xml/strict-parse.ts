/**
 * The strict parse (DESIGN.md section 4 step 3; security-rules.md section 3.1 rules 2 and 3), with libxml2-wasm:
 * libxml2 2.15 compiled to WebAssembly, so a memory bug in the parser stays inside the Wasm sandbox and it has
 * no file system or network to reach (security-rules.md section 2, [E11]).
 *
 * - The options are spelled out: no entity substitution, no external entities (`XML_PARSE_NO_XXE`), no network,
 *   no DTD loading, no recovery (libxml2-wasm throws on every error, namespace errors included).
 * - The decoded string is parsed, not a Buffer, so that libxml2 and xmldom (inside xml-crypto) see the same
 *   characters.
 * - The native document is read once into {@link XmlDocument} (plain objects) and freed before this returns:
 *   nothing native outlives the call, whatever the caller does with the tree (issue 12: libxmljs2's documents
 *   were freed only by V8's full collections, two per document, and held hundreds of MB between them).
 *
 * Call it only on text that passed {@link gateXmlBytes}: the gate refuses DOCTYPE, PIs and comments before any
 * parser runs (internal entities would still be expanded, [E11]).
 * @public
 */
import { ParseOption, XmlCData, XmlComment, XmlDocument as NativeDocument, XmlElement, XmlText, type XmlTreeNode } from 'libxml2-wasm';
import { buildTree, XmlDocument, XmlDomAttribute, XmlDomCharacterData, XmlDomElement, XmlDomNamespace } from './xml-dom.js';
import { XmlRejectedError } from './xml-rejected-error.js';

export { XmlDocument, XmlDomElement } from './xml-dom.js';

// XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID, XML_PARSE_XINCLUDE, XML_PARSE_HUGE,
// XML_PARSE_RECOVER and XML_PARSE_NOBLANKS stay off; a refactor that adds one shows up in this line.
// XML_PARSE_IGNORE_ENC: the text is a JS string, handed to libxml2 as UTF-8 whatever its declaration says (the
// gate refuses another declared encoding; without this flag a declared ISO-8859-1 would re-decode the bytes).
export const STRICT_PARSE_OPTIONS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_IGNORE_ENC | ParseOption.XML_PARSE_NO_SYS_CATALOG;

/** Node kinds the tree does not hold, by libxml2-wasm class, named as libxml2 names them. */
const REFUSED_NODES: Readonly<Record<string, string>> = {
  XmlProcessingInstructionNode: 'pi',
  XmlEntityReference: 'entity_ref',
};

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/*
 * A namespace name must be an absolute URI: relative ones are deprecated (Namespaces in XML errata NE04), and
 * Canonical XML 1.0 section 2.1 says c14n MUST report failure on a document that has one, so no signature over
 * it can be checked. libxml2 refuses a name that is not a URI at all; this refuses a relative one (libxmljs2
 * accepted both kinds of relative name, test/sdk/xml/parser-parity.test.ts). The characters are RFC 3986's.
 */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/*
 * libxml2's own nesting limit without XML_PARSE_HUGE (security-rules.md section 6.5); the gate allows far less.
 */
const MAX_DEPTH = 256;

/*
 * The last text parsed and its tree. A signed request is parsed by the front door and again, from the same
 * string, by the SDK's message-signature check (which is handed the text so that the string verified is the
 * string parsed, security-rules.md section 3.1 rule 2): the same text always gives the same tree, and the tree is
 * read-only, so the second parse is this comparison (issue 12: a parse was about 6 % of an X.509-signed
 * request's worker time). Only a parse that succeeded is kept.
 */
let last: { readonly text: string; readonly doc: XmlDocument } | undefined;

/** Parses gated text; throws {@link XmlRejectedError} with code `malformed` on any error. @public */
export function parseStrictXml(text: string): XmlDocument {
  if (last !== undefined && last.text === text) return last.doc;
  const doc = parseNative(text);
  last = { text, doc };
  return doc;
}

function parseNative(text: string): XmlDocument {
  let native: NativeDocument;
  try {
    native = NativeDocument.fromString(text, { option: STRICT_PARSE_OPTIONS });
  } catch (error) {
    throw new XmlRejectedError('malformed', firstLine((error as Error).message));
  }
  try {
    const root = native.root as XmlElement | null;
    if (!root) throw new XmlRejectedError('malformed', 'no root element');
    return buildTree(() => {
      const doc = new XmlDocument();
      doc.setRoot(readElement(root, doc, 1));
      return frozen(doc);
    });
  } finally {
    native.dispose();
  }
}

function readElement(source: XmlElement, parent: XmlDomElement | XmlDocument, depth: number): XmlDomElement {
  if (depth > MAX_DEPTH) throw new XmlRejectedError('malformed', `element depth exceeds ${MAX_DEPTH}`);
  const element = new XmlDomElement(parent, source.name);
  const declarations = source.nsDeclarations;
  for (const prefix in declarations) {
    const uri = declarations[prefix]!;
    // xmlns="" undeclares the default namespace (XML Namespaces 1.0 section 6.2); a prefix cannot be undeclared.
    if (!(uri === '' && prefix === '') && !ABSOLUTE_URI.test(uri)) {
      throw new XmlRejectedError('malformed', `the namespace name ${JSON.stringify(uri.slice(0, 80))} is not an absolute URI`);
    }
    element.declare(frozen(new XmlDomNamespace(prefix === '' ? null : prefix, uri)));
  }
  element.setNamespace(namespaceOf(source.namespaceUri, source.prefix));
  for (const attribute of source.attrs) {
    // XML 1.0 section 2.10: xml:space is "default" or "preserve"; libxml2 2.9.9 warned (and the parse refused).
    if (attribute.name === 'space' && attribute.namespaceUri === XML_NAMESPACE && attribute.value !== 'default' && attribute.value !== 'preserve') {
      throw new XmlRejectedError('malformed', `xml:space is ${JSON.stringify(attribute.value.slice(0, 40))}, not "default" or "preserve"`);
    }
    element.addAttribute(frozen(new XmlDomAttribute(element, attribute.name, namespaceOf(attribute.namespaceUri, attribute.prefix), attribute.value)));
  }
  for (let child: XmlTreeNode | null = source.firstChild; child !== null; child = child.next) {
    if (child instanceof XmlElement) element.append(readElement(child, element, depth + 1));
    else if (child instanceof XmlText) element.append(new XmlDomCharacterData(element, 'text', child.content));
    else if (child instanceof XmlCData) element.append(new XmlDomCharacterData(element, 'cdata', child.content));
    else if (child instanceof XmlComment) element.append(new XmlDomCharacterData(element, 'comment', child.content));
    // Entity references and PIs cannot pass the byte gate; meeting one means the text did not come through it.
    else throw new XmlRejectedError('malformed', `unexpected "${REFUSED_NODES[child.constructor.name] ?? child.constructor.name}" node inside an element`);
  }
  return element;
}

function namespaceOf(uri: string | null | undefined, prefix: string | null | undefined): XmlDomNamespace | null {
  return uri ? frozen(new XmlDomNamespace(prefix || null, uri)) : null;
}

/** Object.freeze typed as the object itself (its Readonly<T> drops private members). */
function frozen<T extends object>(value: T): T {
  Object.freeze(value);
  return value;
}

function firstLine(message: string): string {
  return (message.split('\n').find((line) => line.trim() !== '') ?? 'parse error').trim();
}
