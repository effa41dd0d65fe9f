/**
 * Reads one attribute of the root element from serialized XML without building a DOM: the signer needs the
 * root's ID before xml-crypto parses the document, and parsing it twice would double the per-call cost on
 * the issue path. Only the root start tag is scanned (XML 1.0 section 3.1: `STag ::= '<' Name (S Attribute)* S? '>'`).
 *
 * The input is markup our own code produced, so this is a reader for well-formed XML, not a gate: anything it
 * does not understand throws rather than guessing. The signer cross-checks the value against what xml-crypto
 * itself found, so a disagreement with the real parser cannot go unnoticed.
 */

const PROLOG = /^\uFEFF?(?:<\?xml\s[\s\S]*?\?>)?\s*/y;
const ROOT_NAME = /<([^\s/>!?]+)/y;
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const TAG_END = /\s*\/?>/y;

/**
 * The raw (still escaped) value of the root's attribute with the exact qualified name `name`, or undefined
 * when the root has no such attribute. Throws when the root start tag cannot be read.
 */
export function rootAttribute(xml: string, name: string): string | undefined {
  PROLOG.lastIndex = 0;
  PROLOG.test(xml);
  ROOT_NAME.lastIndex = PROLOG.lastIndex;
  if (!ROOT_NAME.test(xml)) throw new TypeError('cannot read the root start tag of the XML to sign');
  let position = ROOT_NAME.lastIndex;
  for (;;) {
    ATTRIBUTE.lastIndex = position;
    const match = ATTRIBUTE.exec(xml);
    if (match === null) break;
    if (match[1] === name) return match[2] ?? match[3];
    position = ATTRIBUTE.lastIndex;
  }
  TAG_END.lastIndex = position;
  if (!TAG_END.test(xml)) throw new TypeError('cannot read the root start tag of the XML to sign');
  return undefined;
}
