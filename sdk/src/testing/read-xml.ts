/**
 * `readXml()`: XPath read access to a document a test produced, through libxml2 (a parser that xml-crypto, the
 * signer, does not use).
 * @public
 */
import libxmljs from 'libxmljs2';

/** Read access to a parsed document; XPath expressions use the prefixes given to {@link readXml}. @public */
export interface XmlReader {
  readonly root: libxmljs.Element;
  /** The elements an XPath selects. */
  all(xpath: string): libxmljs.Element[];
  /** The one element an XPath selects; throws unless there is exactly one. */
  one(xpath: string): libxmljs.Element;
  /** The text of the one element an XPath selects. */
  text(xpath: string): string;
  /** An attribute of the one element an XPath selects, or undefined. */
  attr(xpath: string, name: string): string | undefined;
}

/**
 * Parses `xml` strictly (no entities, no DTD, no network, no recovery) and returns a reader whose XPath
 * expressions use `prefixes` (prefix to namespace URI, e.g. `{ saml: NS.saml2, ds: NS.ds }`).
 * @public
 */
export function readXml(xml: string, prefixes: Readonly<Record<string, string>>): XmlReader {
  const doc = libxmljs.parseXml(xml, { noent: false, dtdload: false, nonet: true, recover: false } as libxmljs.ParserOptions);
  if (doc.errors.length > 0) throw new Error(`not well-formed: ${String(doc.errors[0]?.message)}`);
  const root = doc.root();
  if (!root) throw new Error('no root element');
  const namespaces = { ...prefixes };
  const all = (xpath: string): libxmljs.Element[] => doc.find<libxmljs.Element>(xpath, namespaces);
  const one = (xpath: string): libxmljs.Element => {
    const found = all(xpath);
    if (found.length !== 1) throw new Error(`${xpath} selects ${found.length} elements, expected 1`);
    return found[0]!;
  };
  return {
    root,
    all,
    one,
    text: (xpath) => one(xpath).text(),
    attr: (xpath, name) => one(xpath).attr(name)?.value(),
  };
}
