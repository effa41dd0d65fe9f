/** The OAuth face's paths (PingFederate's, so its clients work unchanged; RFC 8414 section 3 for metadata). */
export const TOKEN_ENDPOINT_PATH = '/as/token.oauth2';
export const INTROSPECTION_PATH = '/as/introspect.oauth2';
export const AS_METADATA_PATH = '/.well-known/oauth-authorization-server';
