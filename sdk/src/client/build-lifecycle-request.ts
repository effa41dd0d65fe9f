/**
 * Builds a WS-Trust Renew or Cancel request (WS-Trust 1.3 sections 8 and 10; WS-Trust 2005/02 sections 7
 * and 9): the same envelope and Security header as an Issue request (the credential is the requester's, who
 * must be the party the token was issued for), the Action `…/RST/Renew` or `…/RST/Cancel`, and a Body RST
 * with the RequestType and `wst:RenewTarget` / `wst:CancelTarget` holding the token:
 *
 * - by value: `target` is the token's XML (one well-formed element declaring its own namespaces, inserted
 *   as-is, like a Validate target), e.g. the assertion an Issue returned, or `jwtSecurityToken(jwt)`;
 * - by reference: `target` is `{ tokenId }`, sent as a `wsse:SecurityTokenReference` with a KeyIdentifier
 *   (the reference an RSTR's RequestedUnattachedReference carries).
 *
 * @example
 * ```ts
 * const { body, contentType } = buildRenewRequest({ endpoint, target: { tokenId: '_a1b2' }, credential: { kind: 'username', username: 'joe', password: 'secret' } });
 * ```
 * @public
 */
import { el, raw } from '../xml/xml-builder.js';
import { assertXmlText } from './assert-xml-text.js';
import { buildSoapRequest, type BuiltSoapRequest, type SoapRequestOptions } from './build-soap-request.js';
import { checkedTokenXml } from './checked-token-xml.js';

/** SAML token profile 1.1: a KeyIdentifier holding an assertion ID. */
const SAML_ID_VALUE_TYPE = 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID';

/** Options of {@link buildRenewRequest} and {@link buildCancelRequest}. @public */
export interface LifecycleRequestOptions extends SoapRequestOptions {
  /** The token: its XML (by value) or its ID (by reference). */
  readonly target: string | { readonly tokenId: string };
}

/** Builds a Renew request. @public */
export function buildRenewRequest(options: LifecycleRequestOptions): BuiltSoapRequest {
  return buildLifecycleRequest(options, 'Renew');
}

/** Builds a Cancel request. @public */
export function buildCancelRequest(options: LifecycleRequestOptions): BuiltSoapRequest {
  return buildLifecycleRequest(options, 'Cancel');
}

function buildLifecycleRequest(options: LifecycleRequestOptions, operation: 'Renew' | 'Cancel'): BuiltSoapRequest {
  const target = typeof options.target === 'string' ? raw(checkedTokenXml(options.target, 'target')) : reference(options.target.tokenId);
  return buildSoapRequest(options, (uris) => ({
    // The Renew and Cancel URIs are the Issue ones with the operation's name (both versions, both spellings).
    action: uris.action.replace(/\/Issue$/, `/${operation}`),
    rst: el('wst:RequestSecurityToken', {}, [
      el('wst:RequestType', {}, [uris.requestType.replace(/\/Issue$/, `/${operation}`)]),
      el(`wst:${operation}Target`, {}, [target]),
    ]),
  }));
}

function reference(tokenId: string) {
  assertXmlText('tokenId', tokenId);
  return el('wsse:SecurityTokenReference', {}, [el('wsse:KeyIdentifier', { ValueType: SAML_ID_VALUE_TYPE }, [tokenId])]);
}
