/**
 * An XML element as plain, frozen data: what the kernel hands a processor instead of a DOM node.
 * Only elements, attributes and text are kept; comments, processing instructions and entity references never
 * reach it (the byte gate refuses them, and {@link toElementData} refuses any node it does not expect).
 * @public
 */
export interface XmlElementData {
  readonly namespaceUri: string;
  readonly localName: string;
  /** Attributes keyed by `{namespaceUri}localName`, or `localName` when the attribute has no namespace. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElementData[];
  /** The concatenated text of this element's own text and CDATA nodes (not its descendants'). */
  readonly text: string;
}

/** The key under which an attribute is stored in {@link XmlElementData.attributes}. @public */
export function attributeKey(namespaceUri: string | null | undefined, localName: string): string {
  return namespaceUri ? `{${namespaceUri}}${localName}` : localName;
}

/** The child elements with the given namespace and local name. @public */
export function childElements(parent: XmlElementData, namespaceUri: string, localName: string): XmlElementData[] {
  return parent.children.filter((c) => c.namespaceUri === namespaceUri && c.localName === localName);
}

/** The attribute value, or undefined. @public */
export function attributeValue(
  element: XmlElementData,
  localName: string,
  namespaceUri?: string,
): string | undefined {
  return element.attributes[attributeKey(namespaceUri, localName)];
}
