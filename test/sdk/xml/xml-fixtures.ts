/**
 * Shared inputs for the XML toolkit tests: a realistic request that every rule starts from, and builders for
 * inputs at and past each byte-gate cap.
 */
import { XmlRejectedError } from '@sts/sdk/xml';
import type { XmlLimits, XmlRejectionCode } from '@sts/sdk/xml';
import { gateXmlBytes } from '@sts/sdk/xml';

/** A WS-Trust 1.3 Issue request in SOAP 1.2 with WS-Security and WS-Addressing headers, as clients send it. */
export const SOAP_REQUEST = `<?xml version="1.0" encoding="UTF-8"?>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
  <s:Header>
    <a:Action s:mustUnderstand="1">http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue</a:Action>
    <a:MessageID>urn:uuid:0f0e7a4c-1b62-4c55-9a4e-3d1c2b0a9f11</a:MessageID>
    <a:To s:mustUnderstand="1">https://sts.example.com/trust/13/usernamemixed</a:To>
    <o:Security s:mustUnderstand="1" xmlns:o="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">
      <u:Timestamp u:Id="_0">
        <u:Created>2026-11-28T06:00:00.000Z</u:Created>
        <u:Expires>2026-11-28T06:05:00.000Z</u:Expires>
      </u:Timestamp>
      <o:UsernameToken u:Id="uuid-6a2f-1">
        <o:Username>alice</o:Username>
        <o:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">p&amp;ss&lt;word&gt;&#x21;</o:Password>
      </o:UsernameToken>
    </o:Security>
  </s:Header>
  <s:Body>
    <trust:RequestSecurityToken xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
      <wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy">
        <a:EndpointReference><a:Address>https://rp.example.com/app?x=1&amp;y=2</a:Address></a:EndpointReference>
      </wsp:AppliesTo>
      <trust:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer</trust:KeyType>
      <trust:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</trust:RequestType>
      <trust:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</trust:TokenType>
      <trust:Claims Dialect="http://schemas.xmlsoap.org/ws/2005/05/identity"><![CDATA[raw <claims> & more]]></trust:Claims>
    </trust:RequestSecurityToken>
  </s:Body>
</s:Envelope>
`;

/** What the gate said: the rejection code, or 'accepted'. Any other error is re-thrown. */
export function gateOutcome(input: Buffer | string, limits?: XmlLimits): XmlRejectionCode | 'accepted' {
  try {
    gateXmlBytes(input, limits);
    return 'accepted';
  } catch (error) {
    if (error instanceof XmlRejectedError) return error.code;
    throw error;
  }
}

/** The error the function throws, which must be an XmlRejectedError. */
export function rejection(fn: () => unknown): XmlRejectedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof XmlRejectedError) return error;
    throw error;
  }
  throw new Error('expected an XmlRejectedError, but nothing was thrown');
}

/** `count` elements nested in each other, the innermost holding `inner`. */
export function nested(count: number, inner = ''): string {
  return '<e>'.repeat(count) + inner + '</e>'.repeat(count);
}

/** One empty element with `count` attributes whose values are `value`. */
export function withAttributes(count: number, value = 'v', name = (i: number) => `a${i}`): string {
  const attributes = Array.from({ length: count }, (_, i) => ` ${name(i)}="${value}"`).join('');
  return `<e${attributes}/>`;
}

/** One element with `count` prefixed namespace declarations. */
export function withNamespaces(count: number): string {
  return withAttributes(count, 'urn:x', (i) => `xmlns:p${i}`);
}

/** A root element with `count - 1` empty children: `count` elements in all. */
export function withElements(count: number): string {
  return `<r>${'<c/>'.repeat(count - 1)}</r>`;
}

/** A root element whose only text run is `length` characters long. */
export function withText(length: number): string {
  return `<r>${'x'.repeat(length)}</r>`;
}
