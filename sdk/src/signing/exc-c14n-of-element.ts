/**
 * The exclusive canonical form (W3C Exclusive XML Canonicalization 1.0, without comments) of one element of a
 * parsed document, as a verifier computes it for a Reference to that element: namespaces declared on an
 * ancestor count where the element's subtree uses them. For a token the SDK's signer emitted, this is the token
 * string itself, byte for byte, wherever a client has put it since (an RSTR, an RST's RenewTarget).
 * @public
 */
import { xmlNodeFromElement } from '../xml/xml-node-from-string.js';
import type { XmlDomElement } from '../xml/strict-parse.js';
import { renderExcC14n } from './render-exc-c14n.js';

/** `inclusivePrefixes`: the InclusiveNamespaces PrefixList, as a signature's exc-c14n transform names it. */
export function excC14nOfElement(element: XmlDomElement, inclusivePrefixes: readonly string[] = []): string {
  return renderExcC14n(xmlNodeFromElement(element), { inclusivePrefixes }).canonical;
}
