/**
 * Reads a SOAP fault into an {@link StsFault}.
 *
 * - SOAP 1.2 (Part 1 section 5.4): `Code/Value` must be one of the envelope-namespace codes; the first
 *   `Subcode/Value` (where a WS-Trust STS puts `wst:FailedAuthentication` etc., WS-Trust 1.3 section 11) is
 *   resolved against the namespaces in scope; the reason is the first `Reason/Text`.
 * - SOAP 1.1 (section 4.4): `faultcode` is a QName; `code` is its local name, and when it is not in the
 *   SOAP 1.1 envelope namespace (a `wst:` or `wsse:` fault code) it is also the `subcode`. The reason is
 *   `faultstring`.
 *
 * @example
 * ```ts
 * parseSoapFault(faultElement, '1.2'); // { code: 'Sender', subcode: { namespaceUri: NS.wst13, localName: 'FailedAuthentication' }, reason: 'Authentication failed' }
 * ```
 * @internal
 */
import type { XmlDomElement as Element } from '../xml/xml-dom.js';
import { NS } from '../xml/namespaces.js';
import { resolveQName, type QualifiedName } from './resolve-qname.js';
import { selectElements, selectOptional, selectRequired } from './select-elements.js';
import type { SoapVersion } from './soap-version.js';
import { StsClientError } from './sts-client-error.js';

/** A SOAP fault as the client reports it. @public */
export interface StsFault {
  /** SOAP 1.2 `Code/Value` local name (`Sender`, `Receiver`, …), or the SOAP 1.1 `faultcode` local name. */
  readonly code: string;
  /** SOAP 1.2 `Subcode/Value`, or a SOAP 1.1 `faultcode` outside the envelope namespace. */
  readonly subcode?: QualifiedName;
  /** The human-readable reason (`Reason/Text` or `faultstring`). */
  readonly reason: string;
}

/** Reads the fault element of a SOAP envelope of the given version. @internal */
export function parseSoapFault(fault: Element, soapVersion: SoapVersion): StsFault {
  return soapVersion === '1.2' ? parseSoap12Fault(fault) : parseSoap11Fault(fault);
}

function parseSoap12Fault(fault: Element): StsFault {
  const ns = { e: NS.soap12 };
  const codeElement = selectRequired(fault, 'e:Code', ns, 'SOAP 1.2 fault Code');
  const code = qname(selectRequired(codeElement, 'e:Value', ns, 'SOAP 1.2 fault Code/Value'), 'Code/Value');
  if (code.namespaceUri !== NS.soap12) {
    throw new StsClientError('unexpected-response', `SOAP 1.2 fault Code/Value is not in the envelope namespace: {${code.namespaceUri}}${code.localName}`);
  }
  const subcodeElement = selectOptional(codeElement, 'e:Subcode', ns, 'SOAP 1.2 fault Subcode');
  const subcode = subcodeElement && qname(selectRequired(subcodeElement, 'e:Value', ns, 'SOAP 1.2 fault Subcode/Value'), 'Subcode/Value');
  const reason = selectRequired(fault, 'e:Reason', ns, 'SOAP 1.2 fault Reason');
  const texts = selectElements(reason, 'e:Text', ns);
  if (texts.length === 0) throw new StsClientError('unexpected-response', 'no SOAP 1.2 fault Reason/Text');
  return withSubcode({ code: code.localName, reason: (texts[0] as Element).text() }, subcode);
}

function parseSoap11Fault(fault: Element): StsFault {
  // SOAP 1.1 section 4.4: faultcode and faultstring are unqualified children of Fault.
  const code = qname(selectRequired(fault, 'faultcode', {}, 'SOAP 1.1 faultcode'), 'faultcode');
  const reason = selectRequired(fault, 'faultstring', {}, 'SOAP 1.1 faultstring').text();
  return withSubcode({ code: code.localName, reason }, code.namespaceUri === NS.soap11 ? undefined : code);
}

function qname(element: Element, what: string): QualifiedName {
  const name = resolveQName(element);
  if (!name) throw new StsClientError('unexpected-response', `SOAP fault ${what} is not a resolvable QName`);
  return name;
}

function withSubcode(fault: StsFault, subcode: QualifiedName | undefined): StsFault {
  return subcode === undefined ? fault : { ...fault, subcode };
}
