/**
 * Hand-written Issue replies for the client tests: the shapes WS-Trust 1.3 section 4.3 (RSTRC), WS-Trust
 * 2005/02 (bare RSTR), SOAP 1.1 section 4.4 and SOAP 1.2 Part 1 section 5.4 (faults) describe.
 */

export const SAML2_ASSERTION =
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" IssueInstant="2026-11-28T06:00:00Z" Version="2.0">' +
  '<saml:Issuer>https://sts.example.com</saml:Issuer>' +
  '<saml:Subject><saml:NameID>joe</saml:NameID></saml:Subject>' +
  '</saml:Assertion>';

export const SAML11_ASSERTION =
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion" MajorVersion="1" MinorVersion="1" AssertionID="_b2" Issuer="https://sts.example.com" IssueInstant="2026-11-28T06:00:00Z">' +
  '<saml:Conditions NotBefore="2026-11-28T06:00:00Z" NotOnOrAfter="2026-11-28T07:00:00Z"/>' +
  '</saml:Assertion>';

const STR_ATTACHED =
  '<wsse:SecurityTokenReference xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">' +
  '<wsse:KeyIdentifier ValueType="http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID">_a1</wsse:KeyIdentifier>' +
  '</wsse:SecurityTokenReference>';

/** A SOAP 1.2 RSTRC (WS-Trust 1.3, no-slash namespace) carrying every optional part the client reads. */
export const RSTRC_13_SOAP12 = `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
  <s:Header>
    <a:Action s:mustUnderstand="1">http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal</a:Action>
  </s:Header>
  <s:Body>
    <trust:RequestSecurityTokenResponseCollection xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
      <trust:RequestSecurityTokenResponse>
        <trust:Lifetime>
          <u:Created>2026-11-28T06:00:00.000Z</u:Created>
          <u:Expires>2026-11-28T07:00:00.000Z</u:Expires>
        </trust:Lifetime>
        <wsp:AppliesTo xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy">
          <a:EndpointReference><a:Address>urn:federation:MicrosoftOnline</a:Address></a:EndpointReference>
        </wsp:AppliesTo>
        <trust:RequestedSecurityToken>${SAML2_ASSERTION}</trust:RequestedSecurityToken>
        <trust:RequestedAttachedReference>${STR_ATTACHED}</trust:RequestedAttachedReference>
        <trust:RequestedUnattachedReference>${STR_ATTACHED}</trust:RequestedUnattachedReference>
        <trust:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</trust:TokenType>
        <trust:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</trust:RequestType>
        <trust:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer</trust:KeyType>
      </trust:RequestSecurityTokenResponse>
    </trust:RequestSecurityTokenResponseCollection>
  </s:Body>
</s:Envelope>`;

/** A SOAP 1.1 bare RSTR (WS-Trust 2005/02) with a SAML 1.1 assertion, as AD FS answers a 2005 client. */
export const RSTR_2005_SOAP11 = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
  <s:Body>
    <t:RequestSecurityTokenResponse xmlns:t="http://schemas.xmlsoap.org/ws/2005/02/trust">
      <t:Lifetime>
        <wsu:Created xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">2026-11-28T06:00:00Z</wsu:Created>
        <wsu:Expires xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">2026-11-28T08:00:00+01:00</wsu:Expires>
      </t:Lifetime>
      <t:TokenType>urn:oasis:names:tc:SAML:1.0:assertion</t:TokenType>
      <t:RequestedSecurityToken>${SAML11_ASSERTION}</t:RequestedSecurityToken>
    </t:RequestSecurityTokenResponse>
  </s:Body>
</s:Envelope>`;

/** A SOAP 1.1 RSTRC in the trailing-slash WS-Trust 1.3 namespace whose token is a JWT in a BinarySecurityToken. */
export const RSTRC_13_SLASH_JWT = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <wst:RequestSecurityTokenResponseCollection xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512/">
      <wst:RequestSecurityTokenResponse>
        <wst:TokenType>urn:ietf:params:oauth:token-type:jwt</wst:TokenType>
        <wst:RequestedSecurityToken>
          <wsse:BinarySecurityToken xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" ValueType="urn:ietf:params:oauth:token-type:jwt" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">
            ZXlKaGJHY2lPaUpTVXpJMU5pSjkuZTMwLnNpZw==
          </wsse:BinarySecurityToken>
        </wst:RequestedSecurityToken>
      </wst:RequestSecurityTokenResponse>
    </wst:RequestSecurityTokenResponseCollection>
  </soap:Body>
</soap:Envelope>`;

/** SOAP 1.1 fault whose faultcode is the WS-Trust QName (WS-Trust 1.3 section 11). */
export const FAULT_SOAP11 = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
  <s:Body>
    <s:Fault>
      <faultcode>wst:FailedAuthentication</faultcode>
      <faultstring>Authentication failed</faultstring>
    </s:Fault>
  </s:Body>
</s:Envelope>`;

/** SOAP 1.2 fault with Code Sender and the WS-Trust Subcode, the prefix declared on the Value itself. */
export const FAULT_SOAP12 = `<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">
  <env:Body>
    <env:Fault>
      <env:Code>
        <env:Value>env:Sender</env:Value>
        <env:Subcode>
          <env:Value xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512">wst:FailedAuthentication</env:Value>
        </env:Subcode>
      </env:Code>
      <env:Reason>
        <env:Text xml:lang="en">Authentication failed</env:Text>
        <env:Text xml:lang="de">Authentifizierung fehlgeschlagen</env:Text>
      </env:Reason>
    </env:Fault>
  </env:Body>
</env:Envelope>`;
