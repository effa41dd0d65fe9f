/**
 * The two SOAP versions the client speaks, and what differs between them on the wire.
 *
 * @example
 * ```ts
 * soapEnvelopeNamespace('1.2'); // 'http://www.w3.org/2003/05/soap-envelope'
 * ```
 * @public
 */
import { NS } from '../xml/namespaces.js';

/** SOAP 1.1 (W3C Note) or SOAP 1.2 (W3C Recommendation). @public */
export type SoapVersion = '1.1' | '1.2';

/**
 * The envelope namespace of a SOAP version (SOAP 1.1 section 4; SOAP 1.2 Part 1 section 5).
 *
 * @example
 * ```ts
 * soapEnvelopeNamespace('1.1'); // 'http://schemas.xmlsoap.org/soap/envelope/'
 * ```
 * @public
 */
export function soapEnvelopeNamespace(version: SoapVersion): string {
  if (version === '1.1') return NS.soap11;
  if (version === '1.2') return NS.soap12;
  throw new TypeError(`unknown SOAP version: ${JSON.stringify(version)}`);
}
