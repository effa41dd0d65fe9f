/**
 * SOAP structure checks (DESIGN.md section 4 step 4):
 * - the root is an Envelope in the SOAP 1.1 or 1.2 namespace (another Envelope namespace: VersionMismatch);
 * - the envelope's version is the one the media type announced;
 * - at most one Header, first; exactly one Body; nothing else but white space;
 * - the Body has at most one child element and no other content (an empty Body is a WS-Transfer Get, which
 *   the metadata face answers; the RST endpoint refuses it).
 * Only element nodes reached by this walk are handed on (security-rules.md 3.1 rule 4).
 */
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import type { XmlDocument, XmlDomElement } from '@sts/sdk/xml';
import { SOAP_NAMESPACE, type SoapVersion } from './soap-version.js';
import { SoapProtocolError } from './soap-protocol-error.js';

export interface SoapMessage {
  readonly version: SoapVersion;
  readonly envelope: XmlDomElement;
  readonly headerBlocks: readonly XmlDomElement[];
  /** The Body's one child; absent for an empty Body (a WS-Transfer Get), which the RST endpoint refuses. */
  readonly bodyChild?: XmlDomElement;
}

export function readEnvelope(doc: XmlDocument, expected: SoapVersion): SoapMessage {
  const envelope = doc.root() as XmlDomElement;
  const ns = envelope.namespace()?.href();
  const version = ns === SOAP_NAMESPACE['1.1'] ? '1.1' : ns === SOAP_NAMESPACE['1.2'] ? '1.2' : undefined;
  if (envelope.name() !== 'Envelope') throw new InvalidRequestError(`root element is ${quoteForLog(envelope.name())}, not a SOAP Envelope`);
  if (!version) throw new SoapProtocolError('VersionMismatch', `unsupported envelope namespace ${ns ?? '(none)'}`);
  if (version !== expected) {
    throw new InvalidRequestError(`SOAP ${version} envelope sent with the SOAP ${expected} media type`, { httpStatus: 415 });
  }
  const parts = elementChildren(envelope, 'Envelope');
  let header: XmlDomElement | undefined;
  let body: XmlDomElement | undefined;
  for (const [i, part] of parts.entries()) {
    const name = part.namespace()?.href() === ns ? part.name() : undefined;
    if (name === 'Header' && i === 0) header = part;
    else if (name === 'Body' && body === undefined && i === parts.length - 1) body = part;
    else throw new InvalidRequestError(`unexpected element ${quoteForLog(part.name())} in the Envelope`);
  }
  if (!body) throw new InvalidRequestError('the Envelope has no Body');
  const bodyChildren = elementChildren(body, 'Body');
  if (bodyChildren.length > 1) throw new InvalidRequestError(`the Body has ${bodyChildren.length} child elements; at most one is allowed`);
  return {
    version,
    envelope,
    headerBlocks: header ? elementChildren(header, 'Header') : [],
    ...(bodyChildren.length === 1 ? { bodyChild: bodyChildren[0]! } : {}),
  };
}

/** Element children; any non-white-space text or other node kind is refused. */
export function elementChildren(parent: XmlDomElement, what: string): XmlDomElement[] {
  const out: XmlDomElement[] = [];
  for (const node of parent.childNodes()) {
    const type = node.type();
    if (type === 'element') out.push(node as XmlDomElement);
    else if (type === 'text' && /^[ \t\r\n]*$/.test((node as unknown as { text(): string }).text())) continue;
    else throw new InvalidRequestError(`unexpected ${type} content in ${what}`);
  }
  return out;
}

/** The text of an element that must hold text only (no child elements), trimmed. */
export function textContent(element: XmlDomElement, what: string): string {
  if (element.childNodes().some((n) => n.type() !== 'text')) throw new InvalidRequestError(`${what} must hold text only`);
  return element.text().trim();
}
