/**
 * For a web service provider: finds the security token a client sent in the `wsse:Security` header of a SOAP
 * request (WSS 1.1 section 5), so that the service can have an STS validate it (see {@link validateWithSts}).
 *
 * - The request is untrusted input: it goes through the SDK's byte gate and strict parser
 *   ({@link parseUntrustedXml}); elements are reached by namespace-explicit XPath only.
 * - The root must be a SOAP 1.1 or 1.2 Envelope with at most one Header, and the Header at most one
 *   `wsse:Security` block; in it, at most one token: a SAML 2.0 `saml2:Assertion`, a SAML 1.1
 *   `saml1:Assertion`, a `wsse:BinarySecurityToken` whose ValueType is the JWT URN (RFC 8693 section 3) or
 *   X509v3 (X.509 Token Profile 1.0 section 3.1), or a `wsse:UsernameToken`. Other children (a Timestamp, a
 *   Signature, a SecurityTokenReference) are passed over; a BinarySecurityToken of another ValueType is refused
 *   rather than skipped. No Header, no Security block or no token: `undefined`.
 * - A SAML assertion is returned exactly as libxml2 serializes it, so that its signature stays intact. That
 *   serialization drops the namespace declarations the assertion inherits from the envelope, so the
 *   assertion must declare every namespace it uses itself: the standalone text is parsed again and must give
 *   the same elements, attributes, text and `xsi:type` QName bindings, or the request is refused.
 * - A UsernameToken or BinarySecurityToken carries no signature of its own and is rebuilt as a standalone
 *   element with every namespace it uses declared on it (the prefixes are generated).
 *
 * Everything else (not well-formed, not an envelope, two Headers, two Security blocks, two tokens, an assertion
 * that depends on inherited namespaces) throws {@link StsClientError} with code `unexpected-request`.
 *
 * @example
 * ```ts
 * const found = findSecurityToken(await readRequestBody(req));
 * if (found?.tokenType === 'saml2') console.log(found.xml);
 * ```
 * @public
 */
import type { XmlDomElement as Element } from '../xml/xml-dom.js';
import { elementDataToXml } from '../xml/element-data-to-xml.js';
import { NS } from '../xml/namespaces.js';
import { parseUntrustedXml } from '../xml/parse-untrusted-xml.js';
import { parseStrictXml, type XmlDocument } from '../xml/strict-parse.js';
import { toElementData } from '../xml/to-element-data.js';
import { XmlRejectedError } from '../xml/xml-rejected-error.js';
import { selectElements, selfAndDescendants } from './select-elements.js';
import { StsClientError } from './sts-client-error.js';

/**
 * The kind of token {@link findSecurityToken} found.
 *
 * @example
 * ```ts
 * const kind: SecurityTokenKind = 'saml2';
 * ```
 * @public
 */
export type SecurityTokenKind = 'saml2' | 'saml1' | 'jwt' | 'x509' | 'username';

/**
 * A token found in a request's Security header: its kind and its standalone XML, ready to be a Validate
 * target.
 *
 * @example
 * ```ts
 * const found: FoundSecurityToken = { tokenType: 'username', xml: '<ns0:UsernameToken xmlns:ns0="…">…</ns0:UsernameToken>' };
 * ```
 * @public
 */
export interface FoundSecurityToken {
  readonly tokenType: SecurityTokenKind;
  /** The token element as one well-formed element that declares its own namespaces. */
  readonly xml: string;
}

const JWT_VALUE_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const X509V3_VALUE_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3';

/** Finds the one token of the request's Security header; throws {@link StsClientError} `unexpected-request`. @public */
export function findSecurityToken(soapRequest: string | Buffer): FoundSecurityToken | undefined {
  const doc = parseRequest(soapRequest);
  const root = doc.root() as Element;
  const soapNs = root.namespace()?.href();
  if (root.name() !== 'Envelope' || (soapNs !== NS.soap11 && soapNs !== NS.soap12)) {
    throw refuse(`the root element is {${soapNs ?? ''}}${root.name()}, not a SOAP Envelope`);
  }
  const headers = selectElements(root, 'e:Header', { e: soapNs });
  if (headers.length > 1) throw refuse(`${headers.length} SOAP Headers`);
  if (headers.length === 0) return undefined;
  const securities = selectElements(headers[0] as Element, 'wsse:Security', { wsse: NS.wsse });
  if (securities.length > 1) throw refuse(`${securities.length} wsse:Security headers; one is allowed`);
  if (securities.length === 0) return undefined;

  const tokens: { kind: SecurityTokenKind; element: Element }[] = [];
  for (const child of selectElements(securities[0] as Element, '*', {})) {
    const kind = kindOf(child);
    if (kind !== undefined) tokens.push({ kind, element: child });
  }
  if (tokens.length > 1) throw refuse(`${tokens.length} tokens in the Security header (${tokens.map((t) => t.kind).join(', ')}); one is allowed`);
  const token = tokens[0];
  if (!token) return undefined;
  const xml = token.kind === 'saml2' || token.kind === 'saml1' ? assertionXml(token.element) : rebuiltXml(token.element);
  return { tokenType: token.kind, xml };
}

function parseRequest(soapRequest: string | Buffer): XmlDocument {
  try {
    return parseUntrustedXml(soapRequest);
  } catch (error) {
    if (error instanceof XmlRejectedError) throw refuse(`the request is refused by the XML gate or parser (${error.message})`, error);
    throw error;
  }
}

function kindOf(element: Element): SecurityTokenKind | undefined {
  const ns = element.namespace()?.href();
  const name = element.name();
  if (ns === NS.saml2 && name === 'Assertion') return 'saml2';
  if (ns === NS.saml1 && name === 'Assertion') return 'saml1';
  if (ns === NS.wsse && name === 'UsernameToken') return 'username';
  if (ns === NS.wsse && name === 'BinarySecurityToken') {
    const valueType = element.attr('ValueType')?.value();
    if (valueType === JWT_VALUE_TYPE) return 'jwt';
    if (valueType === X509V3_VALUE_TYPE) return 'x509';
    throw refuse(`a BinarySecurityToken with ValueType ${JSON.stringify(valueType ?? null)}, which is neither a JWT nor X509v3`);
  }
  return undefined;
}

/** The assertion as libxml2 serializes it, if that text means the same standing alone. */
function assertionXml(assertion: Element): string {
  const xml = assertion.toString();
  const inherits = (why: string, cause?: unknown): StsClientError =>
    refuse(`the assertion does not declare every namespace it uses (${why}); it cannot be extracted without breaking it`, cause);
  let alone: Element;
  try {
    alone = parseStrictXml(xml).root() as Element;
    if (JSON.stringify(toElementData(alone)) !== JSON.stringify(toElementData(assertion))) throw inherits('its names change when it stands alone');
  } catch (error) {
    if (error instanceof XmlRejectedError) throw inherits(error.message, error);
    throw error;
  }
  const typed = (element: Element) => selfAndDescendants(element).filter((e) => xsiTypeAttribute(e) !== undefined);
  const [before, after] = [typed(assertion), typed(alone)];
  before.forEach((element, i) => {
    if (qnameBinding(element) !== qnameBinding(after[i] as Element)) {
      throw inherits(`the xsi:type ${xsiType(element)} names a prefix declared outside it`);
    }
  });
  return xml;
}

/** The namespace the prefix of the element's xsi:type value is bound to ('' for none, '?' when unbound). */
function qnameBinding(element: Element): string {
  const value = xsiType(element).trim();
  const colon = value.indexOf(':');
  const prefix = colon === -1 ? null : value.slice(0, colon);
  const binding = element.namespaces().find((ns) => (prefix === null ? !ns.prefix() : ns.prefix() === prefix));
  return binding === undefined ? (prefix === null ? '' : '?') : binding.href();
}

function xsiType(element: Element): string {
  return xsiTypeAttribute(element)?.value() ?? '';
}

function xsiTypeAttribute(element: Element): ReturnType<Element['attr']> | undefined {
  // attr(name) matches the local name in any namespace, so the namespaced attribute is looked up in attrs().
  return element.attrs().find((a) => a.name() === 'type' && a.namespace()?.href() === NS.xsi);
}

/** A token without a signature of its own, rebuilt standalone with every namespace it uses declared. */
function rebuiltXml(token: Element): string {
  try {
    const xml = elementDataToXml(toElementData(token));
    parseStrictXml(xml);
    return xml;
  } catch (error) {
    if (error instanceof XmlRejectedError) throw refuse(`the ${token.name()} cannot be serialized standalone (${error.message})`, error);
    throw error;
  }
}

function refuse(message: string, cause?: unknown): StsClientError {
  return new StsClientError('unexpected-request', message, cause === undefined ? {} : { cause });
}
