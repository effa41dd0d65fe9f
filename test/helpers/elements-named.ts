/**
 * Test-side searches over the SDK's parsed tree (which has no XPath): every element with a given name, in
 * document order, and a libxmljs2 parse for tests that read our output by XPath with a parser the STS no
 * longer uses.
 */
import libxmljs from 'libxmljs2';
import { XmlDocument, type XmlDomElement } from '@sts/sdk/xml';

/** Every element `{namespaceUri}localName` at or under `from`, in document order. */
export function elementsNamed(from: XmlDocument | XmlDomElement, namespaceUri: string, localName: string): XmlDomElement[] {
  const found: XmlDomElement[] = [];
  const visit = (element: XmlDomElement): void => {
    if (element.name() === localName && (element.namespace()?.href() ?? '') === namespaceUri) found.push(element);
    for (const child of element.elementChildren()) visit(child);
  };
  visit(from instanceof XmlDocument ? from.root()! : from);
  return found;
}

/** A libxmljs2 document of `xml` for XPath reading, refused on any parse error. */
export function xpathDocument(xml: string): libxmljs.Document {
  const doc = libxmljs.parseXml(xml, { noent: false, dtdload: false, nonet: true, recover: false } as libxmljs.ParserOptions);
  if (doc.errors.length > 0) throw new Error(`not well-formed: ${String(doc.errors[0]?.message)}`);
  return doc;
}
