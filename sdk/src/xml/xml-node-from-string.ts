/**
 * Turns serialized XML that our own code produced back into an {@link XmlNode} tree, keeping every element's
 * prefix and namespace declarations, so that {@link CanonicalXmlSigner} can sign a string the same way it
 * signs a tree. It parses strictly (libxml2, every risky option off) and refuses what a signer must not drop
 * silently: comments and processing instructions (exclusive c14n without comments would leave them out of
 * the signature, security-rules.md section 1 rows 10-11).
 *
 * This is the slow path, for callers that only have a string (test fixtures, tokens made elsewhere); a
 * generator hands over the tree it built.
 * @internal
 */
import { el, type XmlChild, type XmlNode } from './xml-builder.js';
import { parseStrictXml, type XmlDomElement } from './strict-parse.js';
import { XmlRejectedError } from './xml-rejected-error.js';

/** Bounds the recursion like the byte gate's depth cap. */
const MAX_DEPTH = 64;

/** The root element of `xml` as a tree; throws a TypeError on anything but elements, text and CDATA. @internal */
export function xmlNodeFromString(xml: string): XmlNode {
  let root: XmlDomElement;
  try {
    root = parseStrictXml(xml).root()!;
  } catch (error) {
    // The parse refuses a PI or entity reference outright; to a signer that is input it cannot sign.
    if (error instanceof XmlRejectedError) throw new TypeError(`cannot be signed: ${error.message}`, { cause: error });
    throw error;
  }
  return convert(root, 0);
}

/**
 * One element of a parsed document as a tree, with every namespace in scope at it declared on it (those an
 * ancestor declared included), so that it stands alone: what exclusive c14n of that element sees. `without`, a
 * descendant, is left out (the enveloped-signature transform, XMLDSig 1.1 section 6.6.4).
 * @internal
 */
export function xmlNodeFromElement(element: XmlDomElement, without?: XmlDomElement): XmlNode {
  return convert(element, 0, true, without);
}

function convert(element: XmlDomElement, depth: number, inherited = false, without?: XmlDomElement): XmlNode {
  if (depth > MAX_DEPTH) throw new TypeError(`element depth exceeds ${MAX_DEPTH}`);
  const qualified = (local: string, prefix: string | null | undefined): string => (prefix ? `${prefix}:${local}` : local);
  const xmlns: Record<string, string> = {};
  // In document order from the root down, so a nearer declaration of a prefix wins.
  const inScope = inherited ? [...element.namespaces()].reverse() : element.namespaces(true);
  for (const ns of inScope) xmlns[ns.prefix() ?? ''] = ns.href() ?? '';
  const attributes: Record<string, string | Record<string, string>> = { xmlns };
  for (const attribute of element.attrs()) {
    attributes[qualified(attribute.name(), attribute.namespace()?.prefix())] = attribute.value();
  }
  const children: XmlChild[] = [];
  for (const child of element.childNodes()) {
    const type: string = child.type();
    if (type === 'element') {
      if (child !== without) children.push(convert(child as XmlDomElement, depth + 1, false, without));
    }
    else if (type === 'text' || type === 'cdata') children.push((child as unknown as { text(): string }).text());
    else throw new TypeError(`a ${type} node cannot be signed`);
  }
  return el(qualified(element.name(), element.namespace()?.prefix()), attributes, children);
}
