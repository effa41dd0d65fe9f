/**
 * Well-known token-type and value-type URIs. Plug-ins declare the ones they handle; the registry maps each
 * URI to exactly one processor and one generator.
 *
 * @example
 * ```ts
 * defineTokenGenerator({ tokenTypes: [TokenType.Saml20, TokenType.Saml20Profile], ... })
 * ```
 * @public
 */
export const TokenType = Object.freeze({
  /** SAML 2.0 assertion, the form MSAL and AD FS clients expect back (peer-sts.md scenario 19). */
  Saml20: 'urn:oasis:names:tc:SAML:2.0:assertion',
  /** SAML 2.0 assertion, WSS SAML Token Profile 1.1 URI. */
  Saml20Profile: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
  /** SAML 1.1 assertion (SAML 1.1 uses the 1.0 namespace). */
  Saml11: 'urn:oasis:names:tc:SAML:1.0:assertion',
  /** SAML 1.1 assertion, WSS SAML Token Profile 1.1 URI. */
  Saml11Profile: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1',
  /** JSON Web Token (RFC 8693 section 3). */
  Jwt: 'urn:ietf:params:oauth:token-type:jwt',
  /** WS-Security UsernameToken (UsernameToken Profile 1.0). */
  UsernameToken: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#UsernameToken',
  /** X.509 v3 certificate in a BinarySecurityToken (X.509 Token Profile 1.0). */
  X509v3: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3',
  /** OAuth 2.0 access token (RFC 8693 section 3); issued in the RFC 9068 JWT profile. */
  AccessToken: 'urn:ietf:params:oauth:token-type:access_token',
  /** A JWT fit for the RFC 7523 section 2.1 grant (PingFederate's OAuth assertion profile, asked for in an RST). */
  JwtBearerGrant: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  /** A SAML 2.0 assertion fit for the RFC 7522 section 2.1 grant (PingFederate's OAuth assertion profile). */
  Saml2BearerGrant: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
  /** PingFederate's BinarySecurityToken ValueType of an OAuth access token sent to the STS (pingfederate-sts.md section 6.1). */
  ValidateBearer: 'urn:pingidentity.com:oauth2:grant_type:validate_bearer',
  /** WS-Trust 1.3 validation status (Validate with this TokenType returns wst:Status). */
  Status: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTR/Status',
} as const);

/** One of the well-known token types, or any URI a third-party plug-in declares. @public */
export type TokenTypeUri = (typeof TokenType)[keyof typeof TokenType] | (string & {});

/** SAML assertion identifier value type for `wsse:KeyIdentifier` (SAML Token Profile 1.1 section 3.4). @public */
export const ValueType = Object.freeze({
  Saml20Id: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID',
  Saml11Id: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.0#SAMLAssertionID',
} as const);
