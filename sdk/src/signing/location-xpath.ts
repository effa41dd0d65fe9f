/**
 * The XPath xml-crypto places a signature by, for a {@link SignatureLocation}.
 * @internal
 */
import type { SignatureLocation } from '../services.js';

const NC_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/**
 * The root when it is the named element, else its first child with that name. The union returns nodes in
 * document order, so the root wins when both match.
 * @internal
 */
export function locationXPath(location: Pick<SignatureLocation, 'namespaceUri' | 'localName'>): string {
  const { namespaceUri, localName } = location;
  // Both go into XPath string literals, which have no escape for their own quote.
  if (!NC_NAME.test(localName)) throw new TypeError(`location localName must be an NCName: ${localName}`);
  if (namespaceUri.includes("'")) throw new TypeError(`location namespace URI must not contain "'"`);
  const test = `local-name()='${localName}' and namespace-uri()='${namespaceUri}'`;
  return `/*[${test}] | /*/*[${test}][1]`;
}
