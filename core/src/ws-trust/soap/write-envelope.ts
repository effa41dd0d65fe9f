/**
 * Serializes a response envelope in the request's SOAP version. Header blocks and the body child are
 * built with the SDK's escaping builder.
 */
import { el, type XmlChild } from '@sts/sdk/xml';
import { SOAP_NAMESPACE, type SoapVersion } from './soap-version.js';

export function writeEnvelope(version: SoapVersion, headers: readonly XmlChild[], body: XmlChild): string {
  const envelope = el('s:Envelope', { xmlns: { s: SOAP_NAMESPACE[version] } }, [
    headers.length > 0 ? el('s:Header', {}, headers) : null,
    el('s:Body', {}, [body]),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>${envelope.toString()}`;
}
