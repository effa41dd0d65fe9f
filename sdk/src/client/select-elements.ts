/**
 * Child-element selection with explicit namespaces: `*` (every element child), `p:Name` (the children of
 * that name in the namespace `ns.p`) or `Name` (no namespace). A fixed walk over element children rather than
 * XPath (the SDK's tree has none, see xml-dom.ts); a repeated element that must be single is refused rather
 * than silently taking the first.
 *
 * @example
 * ```ts
 * const body = selectRequired(envelope, 's:Body', { s: NS.soap12 }, 'SOAP Body');
 * ```
 * @internal
 */
import type { XmlDomElement as Element } from '../xml/xml-dom.js';
import { StsClientError } from './sts-client-error.js';

/** A prefix → namespace map for the step's prefix. @internal */
export type NamespaceMap = Readonly<Record<string, string>>;

/**
 * The elements a path of such steps selects (`a:B/c:D`), or the union of several paths (`a:B/c:D | e:F/c:D`,
 * each path's results in turn). @internal
 */
export function selectElements(context: Element, path: string, ns: NamespaceMap): Element[] {
  return path.split('|').flatMap((alternative) =>
    alternative.trim().split('/').reduce<Element[]>((found, step) => found.flatMap((e) => childrenNamed(e, step, ns)), [context]));
}

function childrenNamed(context: Element, step: string, ns: NamespaceMap): Element[] {
  if (!/^(\*|([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*)$/.test(step)) throw new TypeError(`not a child step: ${step}`);
  const children = context.elementChildren();
  if (step === '*') return [...children];
  const colon = step.indexOf(':');
  const localName = colon === -1 ? step : step.slice(colon + 1);
  const namespaceUri = colon === -1 ? '' : ns[step.slice(0, colon)];
  if (namespaceUri === undefined) throw new TypeError(`no namespace for the prefix of ${step}`);
  return children.filter((c) => c.name() === localName && (c.namespace()?.href() ?? '') === namespaceUri);
}

/** The single element the step selects, or undefined; more than one is `unexpected-response`. @internal */
export function selectOptional(context: Element, step: string, ns: NamespaceMap, what: string): Element | undefined {
  const found = selectElements(context, step, ns);
  if (found.length > 1) throw new StsClientError('unexpected-response', `more than one ${what}`);
  return found[0];
}

/** The single element the step selects; none or several is `unexpected-response`. @internal */
export function selectRequired(context: Element, step: string, ns: NamespaceMap, what: string): Element {
  const found = selectOptional(context, step, ns, what);
  if (!found) throw new StsClientError('unexpected-response', `no ${what}`);
  return found;
}

/** The element and its descendants, in document order. @internal */
export function selfAndDescendants(element: Element): Element[] {
  const all: Element[] = [];
  const visit = (e: Element): void => {
    all.push(e);
    for (const child of e.elementChildren()) visit(child);
  };
  visit(element);
  return all;
}

/** The element's text with XML Schema whitespace collapsed at the ends (anyURI, dateTime, base64). @internal */
export function trimmedText(element: Element): string {
  return element.text().trim();
}
