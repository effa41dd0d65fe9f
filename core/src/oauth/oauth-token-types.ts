/**
 * The OAuth token-type URIs the face reads and writes itself (RFC 8693 section 3). Which processor or
 * generator serves each is the config's business; these only decide the wire form.
 */
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/** RFC 8693 section 3: a SAML assertion travels base64url-encoded as subject_token or access_token. */
export const BASE64URL_TOKEN_TYPES: ReadonlySet<string> = new Set(['urn:ietf:params:oauth:token-type:saml1', 'urn:ietf:params:oauth:token-type:saml2']);

/** RFC 7523 section 2.1 and RFC 7522 section 2.1: the assertion of each grant, as a subject token type. */
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
export const SAML2_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:saml2';

/** RFC 7523 section 2.2: the client_assertion_type of private_key_jwt. */
export const JWT_CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
