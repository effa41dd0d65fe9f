/**
 * Renders a fault in the request's SOAP version (WS-Trust 1.3 section 11):
 * - SOAP 1.1: `faultcode` is the `wst:` QName, `faultstring` the standard reason;
 * - SOAP 1.2: `Code/Value` is Sender or Receiver, `Code/Subcode/Value` the `wst:` QName, `Reason/Text` the
 *   standard reason (what MSAL and WCF read);
 * - SOAP protocol faults (VersionMismatch, MustUnderstand) use the envelope's own codes.
 * HTTP status: SOAP 1.1 always 500 (SOAP 1.1 section 6.2); SOAP 1.2 Sender 400, others 500 (SOAP 1.2 part 2
 * section 7.5.1.2); a transport rule may override it (413 for an over-size body, 415 for a wrong media type).
 */
import { el } from '@sts/sdk/xml';
import type { StsError } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import { writeEnvelope } from './write-envelope.js';
import type { SoapVersion } from './soap-version.js';
import type { SoapProtocolError } from './soap-protocol-error.js';

export interface RenderedFault {
  readonly status: number;
  readonly body: string;
}

export function writeStsFault(version: SoapVersion, error: StsError, trustNamespace: string = NS.wst13): RenderedFault {
  const qname = `wst:${error.faultCode}`;
  const defaultStatus = version === '1.2' && error.sender ? 400 : 500;
  const status = error.httpStatus !== 500 ? error.httpStatus : defaultStatus;
  const fault =
    version === '1.1'
      ? el('s:Fault', { xmlns: { wst: trustNamespace } }, [el('faultcode', {}, [qname]), el('faultstring', {}, [error.reason])])
      : el('s:Fault', { xmlns: { wst: trustNamespace } }, [
          el('s:Code', {}, [
            el('s:Value', {}, [error.sender ? 's:Sender' : 's:Receiver']),
            el('s:Subcode', {}, [el('s:Value', {}, [qname])]),
          ]),
          el('s:Reason', {}, [el('s:Text', { 'xml:lang': 'en' }, [error.reason])]),
        ]);
  return { status, body: writeEnvelope(version, [], fault) };
}

export function writeProtocolFault(version: SoapVersion, error: SoapProtocolError): RenderedFault {
  const fault =
    version === '1.1'
      ? el('s:Fault', {}, [el('faultcode', {}, [`s:${error.soapCode}`]), el('faultstring', {}, [error.reason])])
      : el('s:Fault', {}, [
          el('s:Code', {}, [el('s:Value', {}, [`s:${error.soapCode}`])]),
          el('s:Reason', {}, [el('s:Text', { 'xml:lang': 'en' }, [error.reason])]),
        ]);
  return { status: 500, body: writeEnvelope(version, [], fault) };
}
