/**
 * Wraps a compact JWT as a `wsse:BinarySecurityToken` (ValueType `urn:ietf:params:oauth:token-type:jwt`,
 * base64 content), the form the STS's JWT processor accepts, to send as a `token` credential or a
 * Validate target.
 *
 * @example
 * ```ts
 * await client.issue({ appliesTo: 'urn:example:sp', token: jwtSecurityToken(jwt) });
 * ```
 * @public
 */
import { NS } from '../xml/namespaces.js';
import { el } from '../xml/xml-builder.js';

const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

export function jwtSecurityToken(jwt: string): string {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(jwt)) throw new TypeError('not a compact JWT');
  return el('wsse:BinarySecurityToken', { xmlns: { wsse: NS.wsse }, ValueType: JWT_TOKEN_TYPE, EncodingType: BASE64_BINARY }, [
    Buffer.from(jwt, 'utf8').toString('base64'),
  ]).toString();
}
