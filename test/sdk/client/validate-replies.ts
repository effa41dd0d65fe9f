/**
 * Hand-written Validate replies for the client tests, in the shapes WS-Trust 1.3 section 7 and WS-Trust
 * 2005/02 section 8 describe: a bare RSTR with TokenType, Status (Code, optional Reason), and for an exchange
 * the new token with its references, AppliesTo, Lifetime and KeyType. The URIs are spelled out here,
 * independently of the SDK.
 */
import { SAML2_ASSERTION } from './issue-replies.js';

export const WST13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512';
export const WST13_SLASH = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/';
export const WST2005 = 'http://schemas.xmlsoap.org/ws/2005/02/trust';
export const VALID_13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/valid';
export const INVALID_13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/invalid';
export const VALID_2005 = 'http://schemas.xmlsoap.org/ws/2005/02/trust/status/valid';
export const INVALID_2005 = 'http://schemas.xmlsoap.org/ws/2005/02/trust/status/invalid';
const STATUS_13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTR/Status';

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A SOAP 1.2 envelope with the ValidateFinal action whose Body is `body`. */
export function soap12(body: string): string {
  return `<s:Envelope xmlns:s="${SOAP12}" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action>${WST13}/RSTR/ValidateFinal</a:Action></s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

/** A SOAP 1.1 envelope whose Body is `body`. */
export function soap11(body: string): string {
  return `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}

/** A bare 1.3 RSTR holding `inner`. */
export function rstr13(inner: string): string {
  return `<wst:RequestSecurityTokenResponse xmlns:wst="${WST13}">${inner}</wst:RequestSecurityTokenResponse>`;
}

/** WS-Trust 1.3, SOAP 1.2: the token is valid (status only). */
export const VALID_STATUS_13_SOAP12 = soap12(
  rstr13(`<wst:TokenType>${STATUS_13}</wst:TokenType><wst:Status><wst:Code>${VALID_13}</wst:Code></wst:Status>`),
);

/** WS-Trust 2005/02, SOAP 1.1: the token is invalid, with a reason. */
export const INVALID_STATUS_2005_SOAP11 = soap11(`
    <t:RequestSecurityTokenResponse xmlns:t="${WST2005}" Context="urn:ctx:1">
      <t:TokenType>${WST2005}/RSTR/Status</t:TokenType>
      <t:Status>
        <t:Code>
          ${INVALID_2005}
        </t:Code>
        <t:Reason>Authentication failed</t:Reason>
      </t:Status>
    </t:RequestSecurityTokenResponse>`);

const STR =
  '<wsse:SecurityTokenReference xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">' +
  '<wsse:KeyIdentifier ValueType="http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID">_a1</wsse:KeyIdentifier>' +
  '</wsse:SecurityTokenReference>';

/** WS-Trust 1.3, SOAP 1.2: the token was valid and exchanged for a SAML 2.0 assertion (the kernel's shape). */
export const EXCHANGED_13_SOAP12 = soap12(
  rstr13(
    '<wst:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</wst:TokenType>' +
      `<wst:RequestedSecurityToken>${SAML2_ASSERTION}</wst:RequestedSecurityToken>` +
      `<wst:RequestedAttachedReference>${STR}</wst:RequestedAttachedReference>` +
      `<wst:RequestedUnattachedReference>${STR}</wst:RequestedUnattachedReference>` +
      '<wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:EndpointReference><wsa:Address>urn:example:sp</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>' +
      '<wst:Lifetime xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"><wsu:Created>2026-11-28T06:00:00Z</wsu:Created><wsu:Expires>2026-11-28T07:00:00Z</wsu:Expires></wst:Lifetime>' +
      `<wst:KeyType>${WST13}/Bearer</wst:KeyType>` +
      `<wst:Status><wst:Code>${VALID_13}</wst:Code></wst:Status>`,
  ),
);
