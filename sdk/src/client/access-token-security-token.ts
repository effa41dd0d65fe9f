/**
 * Wraps an OAuth 2.0 access token as a `wsse:BinarySecurityToken` of PingFederate's value type
 * `urn:pingidentity.com:oauth2:grant_type:validate_bearer` (base64 content), the form the STS's OAuth bearer
 * processor accepts, to send as a `token` credential.
 *
 * @example
 * ```ts
 * await client.issue({ appliesTo: 'urn:example:sp', token: accessTokenSecurityToken(accessToken) });
 * ```
 * @public
 */
import { TokenType } from '../token-types.js';
import { NS } from '../xml/namespaces.js';
import { el } from '../xml/xml-builder.js';

const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

export function accessTokenSecurityToken(accessToken: string): string {
  // RFC 6750 section 2.1: an access token is b64token characters.
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(accessToken)) throw new TypeError('not an RFC 6750 access token');
  return el('wsse:BinarySecurityToken', { xmlns: { wsse: NS.wsse }, ValueType: TokenType.ValidateBearer, EncodingType: BASE64_BINARY }, [
    Buffer.from(accessToken, 'utf8').toString('base64'),
  ]).toString();
}
