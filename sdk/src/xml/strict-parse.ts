/**
 * The strict parse (DESIGN.md section 4 step 3; security-rules.md section 3.1 rules 2 and 3).
 *
 * - Every risky libxml2 option is spelled out, so that a refactor cannot flip one silently.
 * - The decoded string is parsed, not a Buffer, so that libxml2 and xmldom (inside xml-crypto) see the same
 *   characters.
 * - Any recorded error fails the parse: namespace errors are recoverable in libxml2 and still yield a document.
 *
 * Call it only on text that passed {@link gateXmlBytes}: the gate is what makes libxml2 2.9.9 acceptable.
 * @public
 */
import libxmljs from 'libxmljs2';
import { XmlRejectedError } from './xml-rejected-error.js';

const PARSE_OPTIONS = Object.freeze({
  noent: false,
  dtdload: false,
  dtdattr: false,
  dtdvalid: false,
  xinclude: false,
  huge: false,
  recover: false,
  nonet: true,
  noblanks: false,
  nocdata: false,
  noxincnode: true,
  nsclean: false,
});

/** A parsed libxml2 document. @public */
export type XmlDocument = libxmljs.Document;
/** A libxml2 element. @public */
export type XmlDomElement = libxmljs.Element;

/** Parses gated text; throws {@link XmlRejectedError} with code `malformed` on any error. @public */
export function parseStrictXml(text: string): XmlDocument {
  let doc: XmlDocument;
  try {
    doc = libxmljs.parseXml(text, PARSE_OPTIONS as unknown as libxmljs.ParserOptions);
  } catch (error) {
    throw new XmlRejectedError('malformed', (error as Error).message.trim());
  }
  if (doc.errors.length > 0) {
    throw new XmlRejectedError('malformed', String(doc.errors[0]?.message ?? 'parse error').trim());
  }
  if (!doc.root()) throw new XmlRejectedError('malformed', 'no root element');
  return doc;
}
