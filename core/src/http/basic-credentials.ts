/**
 * HTTP Basic credentials (RFC 7617 section 2): `Basic` (any case), one space, then base64 of user-id, a colon
 * and the password, in UTF-8. Shared by the faces that take client secrets over Basic: the OAuth face
 * form-decodes both parts afterwards (RFC 6749 section 2.3.1), the WS-Trust face takes them as they are.
 * A malformed header is a `problem` for the face to refuse in its own terms, never an exception.
 */
export type BasicCredentials = { readonly userId: string; readonly password: string } | { readonly problem: string };

const BASIC = /^Basic ([A-Za-z0-9+/]+={0,2})$/i;

export function readBasicCredentials(authorization: string): BasicCredentials {
  const m = BASIC.exec(authorization.trim());
  if (!m) return { problem: 'Authorization is not HTTP Basic' };
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { problem: 'Basic credentials without a colon' };
  return { userId: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
