/**
 * Element-only XPath selection with explicit namespaces (security-rules.md section 3.1 rule 4): every node
 * returned is checked to be an element before any other libxmljs2 call touches it, and a repeated element
 * that must be single is refused rather than silently taking the first.
 *
 * @example
 * ```ts
 * const body = selectRequired(envelope, 's:Body', { s: NS.soap12 }, 'SOAP Body');
 * ```
 * @internal
 */
import type { Element } from 'libxmljs2';
import { StsClientError } from './sts-client-error.js';

/** A prefix → namespace map for XPath. @internal */
export type NamespaceMap = Readonly<Record<string, string>>;

/** All nodes the XPath selects; throws `unexpected-response` if one is not an element. @internal */
export function selectElements(context: Element, xpath: string, ns: NamespaceMap): Element[] {
  const nodes = context.find(xpath, { ...ns });
  for (const node of nodes) {
    if (node.type() !== 'element') throw new StsClientError('unexpected-response', `${xpath} selected a ${node.type()} node`);
  }
  return nodes as Element[];
}

/** The single element the XPath selects, or undefined; more than one is `unexpected-response`. @internal */
export function selectOptional(context: Element, xpath: string, ns: NamespaceMap, what: string): Element | undefined {
  const found = selectElements(context, xpath, ns);
  if (found.length > 1) throw new StsClientError('unexpected-response', `more than one ${what}`);
  return found[0];
}

/** The single element the XPath selects; none or several is `unexpected-response`. @internal */
export function selectRequired(context: Element, xpath: string, ns: NamespaceMap, what: string): Element {
  const found = selectOptional(context, xpath, ns, what);
  if (!found) throw new StsClientError('unexpected-response', `no ${what}`);
  return found;
}

/** The element's text with XML Schema whitespace collapsed at the ends (anyURI, dateTime, base64). @internal */
export function trimmedText(element: Element): string {
  return element.text().trim();
}
