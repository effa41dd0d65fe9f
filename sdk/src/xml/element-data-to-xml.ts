/**
 * Serializes {@link XmlElementData} as a standalone document: every namespace is declared on the root with
 * a generated prefix, text and attribute values are escaped by the builder. Used to schema-validate one
 * element of a larger message as a document of its own (an element's `toString()` leaves out the namespaces
 * an ancestor declared).
 * @public
 */
import { el, type XmlNode } from './xml-builder.js';
import type { XmlElementData } from './xml-element-data.js';

const ATTRIBUTE_KEY = /^\{([^}]*)\}(.+)$/;

export function elementDataToXml(root: XmlElementData): string {
  const prefixes = new Map<string, string>();
  const prefixOf = (uri: string): string => {
    let prefix = prefixes.get(uri);
    if (prefix === undefined) {
      prefix = `ns${prefixes.size}`;
      prefixes.set(uri, prefix);
    }
    return prefix;
  };
  const build = (data: XmlElementData): XmlNode => {
    const name = data.namespaceUri ? `${prefixOf(data.namespaceUri)}:${data.localName}` : data.localName;
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(data.attributes)) {
      const m = ATTRIBUTE_KEY.exec(key);
      attributes[m ? `${prefixOf(m[1]!)}:${m[2]!}` : key] = value;
    }
    return el(name, attributes, [data.text, ...data.children.map(build)]);
  };
  const body = build(root);
  const xmlns = Object.fromEntries([...prefixes].map(([uri, prefix]) => [prefix, uri]));
  return el(body.name, { xmlns, ...body.attributes }, body.children).toString();
}
