/**
 * Deep equality of two {@link XmlElementData} trees: namespace URIs, local names, attributes, text and children.
 *
 * The kernel hands the processor both the element as it read it inside the message and its serialization. The
 * serialization (libxml2's `toString()` of the element) carries no namespace declarations of its ancestors, so
 * an element relying on an inherited *default* namespace still parses on its own, but in no namespace. Requiring
 * the two readings to be equal means the assertion verified is the assertion the kernel selected.
 */
import type { XmlElementData } from '@sts/sdk/xml';

/** True when both trees carry the same names, attributes and text, in the same order. */
export function sameElementData(a: XmlElementData, b: XmlElementData): boolean {
  if (a.namespaceUri !== b.namespaceUri || a.localName !== b.localName || a.text !== b.text) return false;
  const keysA = Object.keys(a.attributes);
  const keysB = Object.keys(b.attributes);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!Object.hasOwn(b.attributes, key) || a.attributes[key] !== b.attributes[key]) return false;
  }
  if (a.children.length !== b.children.length) return false;
  return a.children.every((child, index) => sameElementData(child, b.children[index]!));
}
