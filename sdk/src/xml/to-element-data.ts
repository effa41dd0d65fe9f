/**
 * Converts a parsed element subtree to {@link XmlElementData}: plain, frozen data that processors read
 * instead of a DOM node.
 *
 * The type of every child is checked with `type()` before anything else is called on it (security-rules.md
 * section 3.1 rule 4, written against libxmljs2's type confusion, CVE-2024-34393/34394 [E1]; the SDK's own tree
 * cannot confuse types, and the rule still decides what a processor may see):
 * - `element`: converted recursively;
 * - `text`, `cdata`: their content is appended to the parent's `text` (leaf nodes: `text()` reads their own
 *   content and cannot reach an entity);
 * - anything else (a comment: the strict parse refuses PIs and entity references itself) is refused as
 *   `malformed`. After the byte gate there can be no comment in the tree, so meeting one means the tree did not
 *   come through the gate.
 *
 * Attributes are stored in a prototype-less object (security-rules.md section 1 row 36): an attribute named
 * `__proto__` is kept as data, and a missing `constructor` attribute reads as `undefined`, not as a function.
 * @public
 */
import type { XmlDomElement } from './strict-parse.js';
import { attributeKey } from './xml-element-data.js';
import type { XmlElementData } from './xml-element-data.js';
import { XmlRejectedError } from './xml-rejected-error.js';

/*
 * libxml2's own nesting limit without XML_PARSE_HUGE (security-rules.md section 6.5). The gate allows far less;
 * the guard keeps the recursion bounded even for a tree that was parsed elsewhere.
 */
const MAX_DEPTH = 256;

/** The node types the tree reports, as strings. */
type NodeType = string;

/**
 * Converts `element` and its descendants to frozen plain data.
 * @throws {@link XmlRejectedError} `malformed` when the subtree holds a node other than an element, text or CDATA,
 * or repeats an attribute.
 * @example
 * ```ts
 * const doc = parseUntrustedXml(body);
 * const envelope = toElementData(doc.root()!);
 * ```
 * @public
 */
export function toElementData(element: XmlDomElement): XmlElementData {
  return convert(element, 1);
}

function convert(element: XmlDomElement, depth: number): XmlElementData {
  const type: NodeType = element.type();
  if (type !== 'element') throw new XmlRejectedError('malformed', `expected an element node, got "${type}"`);
  if (depth > MAX_DEPTH) throw new XmlRejectedError('malformed', `element depth exceeds ${MAX_DEPTH}`);

  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const attribute of element.attrs()) {
    const key = attributeKey(attribute.namespace()?.href(), attribute.name());
    // The strict parser refuses repeated attributes (XML 1.0 WFC Unique Att Spec); a tree built another way
    // must not let the last value silently win.
    if (Object.hasOwn(attributes, key)) throw new XmlRejectedError('malformed', `attribute ${key} repeated`);
    attributes[key] = attribute.value();
  }

  const children: XmlElementData[] = [];
  let text = '';
  for (const child of element.childNodes()) {
    const childType: NodeType = child.type();
    if (childType === 'element') {
      children.push(convert(child as XmlDomElement, depth + 1));
    } else if (childType === 'text' || childType === 'cdata') {
      text += (child as unknown as { text(): string }).text();
    } else {
      throw new XmlRejectedError('malformed', `unexpected "${childType}" node inside an element`);
    }
  }

  return Object.freeze({
    namespaceUri: element.namespace()?.href() ?? '',
    localName: element.name(),
    attributes: Object.freeze(attributes),
    children: Object.freeze(children),
    text,
  });
}
