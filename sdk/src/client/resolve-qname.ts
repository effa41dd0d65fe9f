/**
 * Resolves a QName-valued element (SOAP 1.1 `faultcode`, SOAP 1.2 `Code/Value` and `Subcode/Value`) against
 * the namespaces in scope at that element (Namespaces in XML 1.0 section 4; SOAP 1.2 Part 1 section 5.4.6).
 *
 * @example
 * ```ts
 * resolveQName(valueElement); // { namespaceUri: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512', localName: 'FailedAuthentication' }
 * ```
 * @internal
 */
import type { XmlDomElement as Element } from '../xml/xml-dom.js';
import { trimmedText } from './select-elements.js';

/** A namespace-qualified name. @public */
export interface QualifiedName {
  readonly namespaceUri: string;
  readonly localName: string;
}

const QNAME = /^(?:([^\s:]+):)?([^\s:]+)$/;

/** The resolved name, or undefined when the text is not a QName or its prefix is not declared. @internal */
export function resolveQName(element: Element): QualifiedName | undefined {
  const match = QNAME.exec(trimmedText(element));
  if (!match) return undefined;
  const prefix = match[1] ?? null;
  const localName = match[2] as string;
  const inScope = element.namespaces();
  const binding = inScope.find((ns) => (prefix === null ? !ns.prefix() : ns.prefix() === prefix));
  if (binding === undefined) return prefix === null ? { namespaceUri: '', localName } : undefined;
  return { namespaceUri: binding.href(), localName };
}
