/**
 * Reads the envelope of a reply from a WS-Trust STS, the part Issue and Validate replies share: a SOAP 1.1 or
 * 1.2 envelope whose Body holds exactly one of
 *
 * - `wst:RequestSecurityTokenResponseCollection` with exactly one `wst:RequestSecurityTokenResponse`
 *   (the WS-Trust 1.3 final Issue reply, section 4.3),
 * - a bare `wst:RequestSecurityTokenResponse` (a Validate reply, section 7; WS-Trust 2005/02; some 1.3
 *   servers' Issue reply),
 * - a SOAP Fault (SOAP 1.1 section 4.4; SOAP 1.2 Part 1 section 5.4), read into an {@link StsFault}.
 *
 * Both WS-Trust 1.3 namespace spellings and the 2005/02 namespace are accepted. The text passes a small gate
 * and the SDK's strict parser; elements are reached only by namespace-explicit XPath. Anything else throws
 * {@link StsClientError} (`malformed-response` or `unexpected-response`).
 *
 * @example
 * ```ts
 * const reply = readTrustReply(text);
 * if (reply.kind === 'rstr') readRstr(reply.rstr, reply.trustNamespace);
 * ```
 * @internal
 */
import type { XmlDomElement as Element } from '../xml/xml-dom.js';
import { NS } from '../xml/namespaces.js';
import { parseStrictXml, type XmlDocument } from '../xml/strict-parse.js';
import { XmlRejectedError } from '../xml/xml-rejected-error.js';
import { gateResponseText } from './gate-response-text.js';
import { parseSoapFault, type StsFault } from './parse-soap-fault.js';
import { selectElements, selectRequired } from './select-elements.js';
import type { SoapVersion } from './soap-version.js';
import { StsClientError } from './sts-client-error.js';

/** The Body of a reply: a fault, or the one RSTR (bare or in its collection). @internal */
export type TrustReply =
  | { readonly kind: 'fault'; readonly soapVersion: SoapVersion; readonly fault: StsFault }
  | {
      readonly kind: 'rstr';
      readonly soapVersion: SoapVersion;
      readonly trustNamespace: string;
      readonly rstr: Element;
      /** true when the RSTR came inside an RSTRC. */
      readonly collection: boolean;
    };

const TRUST_NAMESPACES = [NS.wst13, NS.wst13Slash, NS.wst2005] as const;

/** Reads a reply body; throws {@link StsClientError} for anything that is neither an RSTR(C) nor a fault. @internal */
export function readTrustReply(body: string): TrustReply {
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
  if (is(payload, ns.e, 'Fault')) return { kind: 'fault', soapVersion, fault: parseSoapFault(payload, soapVersion) };
  for (const trustNamespace of TRUST_NAMESPACES) {
    if (is(payload, trustNamespace, 'RequestSecurityTokenResponse')) {
      return { kind: 'rstr', soapVersion, trustNamespace, rstr: payload, collection: false };
    }
    if (is(payload, trustNamespace, 'RequestSecurityTokenResponseCollection')) {
      const members = selectElements(payload, '*', {});
      const rstr = members[0];
      if (members.length !== 1 || !rstr || !is(rstr, trustNamespace, 'RequestSecurityTokenResponse')) {
        throw new StsClientError('unexpected-response', 'the RSTRC does not hold exactly one RSTR');
      }
      return { kind: 'rstr', soapVersion, trustNamespace, rstr, collection: true };
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
  const root = doc.root()!;
  if (is(root, NS.soap11, 'Envelope')) return ['1.1', root];
  if (is(root, NS.soap12, 'Envelope')) return ['1.2', root];
  throw new StsClientError('unexpected-response', `root element is ${describe(root)}, not a SOAP Envelope`);
}

function is(element: Element, namespaceUri: string, localName: string): boolean {
  return element.namespace()?.href() === namespaceUri && element.name() === localName;
}

function describe(element: Element): string {
  return `{${element.namespace()?.href() ?? ''}}${element.name()}`;
}
