/**
 * The delegation and claims elements of an Issue request (WS-Trust 1.3 sections 4.1 and 9.3, WS-Trust 1.4
 * ActAs): `wst:OnBehalfOf` or `wst14:ActAs` around one token the caller holds, and `wst:Claims` in the identity
 * dialect (`ic:ClaimType Uri Optional`). See the README section "Delegation (OnBehalfOf, ActAs) and claims".
 *
 * @example
 * ```ts
 * await client.issue({
 *   appliesTo: 'urn:example:sp',
 *   x509: { certificatePem, privateKeyPem },
 *   onBehalfOf: usernameTokenXml({ username: 'joe', password: '2Federate' }),
 *   claims: [{ uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }],
 * });
 * ```
 * @public
 */
import { NS } from '../xml/namespaces.js';
import { el, raw, type RawXml, type XmlNode } from '../xml/xml-builder.js';
import { assertXmlText } from './assert-xml-text.js';
import { usernameTokenElement, type PasswordType } from './build-soap-request.js';
import { checkedTokenXml } from './checked-token-xml.js';

/**
 * One requested claim: its ClaimType URI and whether the token may go without it (default false).
 *
 * @example
 * ```ts
 * const claim: RequestedClaim = { uri: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', optional: true };
 * ```
 * @public
 */
export interface RequestedClaim {
  readonly uri: string;
  readonly optional?: boolean;
}

/**
 * A standalone UsernameToken (it declares its namespaces) to put in OnBehalfOf or ActAs; `digest` adds a
 * Nonce and Created (UsernameToken Profile 1.0 section 3.1), which the STS accepts once.
 *
 * @example
 * ```ts
 * const onBehalfOf = usernameTokenXml({ username: 'joe', password: '2Federate', passwordType: 'digest' });
 * ```
 * @public
 */
export function usernameTokenXml(options: { readonly username: string; readonly password: string; readonly passwordType?: PasswordType; readonly created?: Date }): string {
  return usernameTokenElement({ kind: 'username', ...options }, options.created ?? new Date(), true).toString();
}

/** `wst:OnBehalfOf` or `wst14:ActAs` around the token (one element declaring its namespaces). @internal */
export function delegationElement(kind: 'onBehalfOf' | 'actAs', tokenXml: string): XmlNode {
  const token: RawXml = raw(checkedTokenXml(tokenXml, kind));
  return kind === 'onBehalfOf' ? el('wst:OnBehalfOf', {}, [token]) : el('wst14:ActAs', { xmlns: { wst14: NS.wst14 } }, [token]);
}

/** `wst:Claims` in the identity dialect. @internal */
export function claimsElement(claims: readonly RequestedClaim[]): XmlNode {
  return el('wst:Claims', { xmlns: { ic: NS.identity }, Dialect: NS.identity }, claims.map((claim) => {
    assertXmlText('claim uri', claim.uri);
    return el('ic:ClaimType', { Uri: claim.uri, ...(claim.optional === undefined ? {} : { Optional: String(claim.optional) }) }, []);
  }));
}
