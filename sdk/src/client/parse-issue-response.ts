/**
 * Parses the reply to an Issue request: a SOAP 1.1 or 1.2 envelope whose Body holds exactly one of
 *
 * - `wst:RequestSecurityTokenResponseCollection` with exactly one `wst:RequestSecurityTokenResponse`
 *   (the WS-Trust 1.3 final Issue reply, section 4.3),
 * - a bare `wst:RequestSecurityTokenResponse` (WS-Trust 2005/02, and some 1.3 servers),
 * - a SOAP Fault (SOAP 1.1 section 4.4; SOAP 1.2 Part 1 section 5.4).
 *
 * Both WS-Trust 1.3 namespace spellings and the 2005/02 namespace are accepted. The text passes a small gate
 * and the SDK's strict parser; elements are reached only by namespace-explicit XPath. Anything else throws
 * {@link StsClientError} (`malformed-response` or `unexpected-response`).
 *
 * @example
 * ```ts
 * const reply = parseIssueResponse(await response.text());
 * if (reply.ok) console.log(reply.tokenType, reply.token);
 * else console.log(reply.fault.code, reply.fault.subcode?.localName, reply.fault.reason);
 * ```
 * @public
 */
import type { Element } from 'libxmljs2';
import { NS } from '../xml/namespaces.js';
import { parseStrictXml, type XmlDocument } from '../xml/strict-parse.js';
import { XmlRejectedError } from '../xml/xml-rejected-error.js';
import { gateResponseText } from './gate-response-text.js';
import { parseSoapFault, type StsFault } from './parse-soap-fault.js';
import { readRstr, type IssuedTokenFields } from './read-rstr.js';
import { selectElements, selectRequired } from './select-elements.js';
import type { SoapVersion } from './soap-version.js';
import { StsClientError } from './sts-client-error.js';

/** A successful Issue reply. @public */
export interface IssueSuccess extends IssuedTokenFields {
  readonly ok: true;
  readonly soapVersion: SoapVersion;
  /** true when the RSTR came inside an RSTRC (the WS-Trust 1.3 form), false for a bare RSTR. */
  readonly collection: boolean;
}

/** A SOAP fault reply. @public */
export interface IssueFault {
  readonly ok: false;
  readonly soapVersion: SoapVersion;
  readonly fault: StsFault;
}

/** The reply to an Issue request: a token or a fault. @public */
export type IssueResponse = IssueSuccess | IssueFault;

const TRUST_NAMESPACES = [NS.wst13, NS.wst13Slash, NS.wst2005] as const;

/** Parses an Issue reply; throws {@link StsClientError} for anything that is neither an RSTR(C) nor a fault. @public */
export function parseIssueResponse(body: string): IssueResponse {
  gateResponseText(body);
  const doc = parse(body);
  const [soapVersion, envelope] = envelopeOf(doc);
  const ns = { e: envelope.namespace()?.href() ?? '' };
  const soapBody = selectRequired(envelope, 'e:Body', ns, 'SOAP Body');
  const payloads = selectElements(soapBody, '*', {});
  if (payloads.length !== 1) {
    throw new StsClientError('unexpected-response', `SOAP Body holds ${payloads.length} elements, not one`);
  }
  const payload = payloads[0] as Element;
  if (is(payload, ns.e, 'Fault')) return { ok: false, soapVersion, fault: parseSoapFault(payload, soapVersion) };
  for (const trustNamespace of TRUST_NAMESPACES) {
    if (is(payload, trustNamespace, 'RequestSecurityTokenResponse')) {
      return { ok: true, soapVersion, collection: false, ...readRstr(payload, trustNamespace) };
    }
    if (is(payload, trustNamespace, 'RequestSecurityTokenResponseCollection')) {
      const members = selectElements(payload, '*', {});
      const rstr = members[0];
      if (members.length !== 1 || !rstr || !is(rstr, trustNamespace, 'RequestSecurityTokenResponse')) {
        throw new StsClientError('unexpected-response', 'the RSTRC does not hold exactly one RSTR');
      }
      return { ok: true, soapVersion, collection: true, ...readRstr(rstr, trustNamespace) };
    }
  }
  throw new StsClientError('unexpected-response', `SOAP Body holds ${describe(payload)}, not an RSTR(C) or a Fault`);
}

function parse(body: string): XmlDocument {
  try {
    return parseStrictXml(body);
  } catch (error) {
    if (error instanceof XmlRejectedError) {
      throw new StsClientError('malformed-response', `reply is not well-formed XML (${error.message})`, { cause: error });
    }
    throw error;
  }
}

function envelopeOf(doc: XmlDocument): [SoapVersion, Element] {
  const soap11 = doc.get<Element>('/e:Envelope', { e: NS.soap11 });
  if (soap11) return ['1.1', soap11];
  const soap12 = doc.get<Element>('/e:Envelope', { e: NS.soap12 });
  if (soap12) return ['1.2', soap12];
  throw new StsClientError('unexpected-response', `root element is ${describe(doc.root() as Element)}, not a SOAP Envelope`);
}

function is(element: Element, namespaceUri: string, localName: string): boolean {
  return element.namespace()?.href() === namespaceUri && element.name() === localName;
}

function describe(element: Element): string {
  return `{${element.namespace()?.href() ?? ''}}${element.name()}`;
}
