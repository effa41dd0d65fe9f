/**
 * The grant types of the token endpoint: RFC 8693 token exchange and the RFC 7521 assertion grants
 * (RFC 7523 JWT, RFC 7522 SAML 2.0). Anything else is `unsupported_grant_type` (RFC 6749 section 5.2).
 */
export const GrantType = Object.freeze({
  TokenExchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
  JwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  Saml2Bearer: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
} as const);

export type GrantType = (typeof GrantType)[keyof typeof GrantType];

export const GRANT_TYPES: readonly GrantType[] = Object.freeze(Object.values(GrantType));

export function isGrantType(value: string): value is GrantType {
  return (GRANT_TYPES as readonly string[]).includes(value);
}
