/**
 * Namespace URIs of the protocols the STS speaks. One place, so that no file spells a URI twice.
 * @public
 */
export const NS = Object.freeze({
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  /** WS-Trust 1.3, the spelling the spec text and most stacks use. */
  wst13: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512',
  /** WS-Trust 1.3 as published in the OASIS schema file (trailing slash); accepted and echoed. */
  wst13Slash: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/',
  /** WS-Trust 2005/02 (the pre-standard version AD FS and MSAL still send). */
  wst2005: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
  /** WS-Trust 1.4: the elements it adds to a 1.3 RST (ActAs, section 9.3 of 1.4). */
  wst14: 'http://docs.oasis-open.org/ws-sx/ws-trust/200802',
  /** The identity claims dialect (WS-Federation 1.1 / Identity Selector Interoperability; `ic:ClaimType`). */
  identity: 'http://schemas.xmlsoap.org/ws/2005/05/identity',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsse11: 'http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  wsa: 'http://www.w3.org/2005/08/addressing',
  /** WS-Policy 2004/09, the AppliesTo namespace .NET stacks use. */
  wsp2004: 'http://schemas.xmlsoap.org/ws/2004/09/policy',
  /** WS-Policy 1.5. */
  wsp15: 'http://www.w3.org/ns/ws-policy',
  saml2: 'urn:oasis:names:tc:SAML:2.0:assertion',
  saml1: 'urn:oasis:names:tc:SAML:1.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xs: 'http://www.w3.org/2001/XMLSchema',
} as const);

/** UsernameToken Profile 1.0 URIs (section 3.1 and 4). @public */
export const UsernameTokenUri = Object.freeze({
  passwordText:
    'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText',
  passwordDigest:
    'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest',
  base64Binary:
    'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary',
} as const);
