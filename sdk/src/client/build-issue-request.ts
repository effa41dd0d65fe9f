/**
 * Builds a WS-Trust Issue request (RST) in the shape Microsoft clients send (MSAL `wstrust_request.py`,
 * AD FS "usernamemixed"; peer-sts.md section 2.3 and section 6 scenario 19):
 *
 * - Header: `wsa:Action`, `wsa:MessageID`, `wsa:ReplyTo` (anonymous), `wsa:To` (WS-Addressing 1.0 Core
 *   section 3), then `wsse:Security` holding a `wsu:Timestamp` (WSS 1.1 section 10) and a `wsse:UsernameToken`
 *   (UsernameToken Profile 1.0 sections 3 and 4) — the parts shared with Validate (`build-soap-request.ts`).
 * - Body: `wst:RequestSecurityToken` with an optional TokenType, `wsp:AppliesTo`, an optional KeyType and the
 *   Issue RequestType (WS-Trust 1.3 sections 3.1 and 4.1).
 *
 * Every value goes through the SDK builder, so markup in a username or password is escaped by construction.
 *
 * @example
 * ```ts
 * const { body, contentType, soapAction } = buildIssueRequest({
 *   endpoint: 'https://sts.example.com/sts',
 *   appliesTo: 'urn:federation:MicrosoftOnline',
 *   credential: { kind: 'username', username: 'joe', password: 'secret', passwordType: 'text-no-type' },
 * });
 * await fetch('https://sts.example.com/sts', { method: 'POST', body, headers: { 'content-type': contentType } });
 * ```
 * @public
 */
import { el, type XmlNode } from '../xml/xml-builder.js';
import { assertXmlText } from './assert-xml-text.js';
import { appliesToElement, buildSoapRequest, type BuiltSoapRequest, type SoapRequestOptions } from './build-soap-request.js';
import { claimsElement, delegationElement, type RequestedClaim } from './delegation-elements.js';

/**
 * Options of {@link buildIssueRequest}: the shared request options plus the RST's contents.
 *
 * @example
 * ```ts
 * const options: IssueRequestOptions = { endpoint, appliesTo: 'urn:example:sp', credential: { kind: 'username', username: 'joe', password: 'secret' } };
 * ```
 * @public
 */
export interface IssueRequestOptions extends SoapRequestOptions {
  /** The relying party address, sent as `wsp:AppliesTo/wsa:EndpointReference/wsa:Address`. */
  readonly appliesTo: string;
  /** `wst:TokenType`; omitted when absent (MSAL sends none). */
  readonly tokenType?: string;
  /** `wst:KeyType`; default Bearer (1.3) or NoProofKey (2005); `null` omits the element. */
  readonly keyType?: string | null;
  /**
   * Further RST children after KeyType, built with the envelope's prefixes (`wst:KeySize`, `wst:Entropy`,
   * `wst:ComputedKeyAlgorithm`, `wst:UseKey`; WS-Trust 1.3 section 9.2); inside the signed Body.
   */
  readonly rstElements?: readonly XmlNode[];
  /**
   * `wst:Renewing` (WS-Trust 1.3 section 5): ask for a renewable token (`allow`, default true) that may be
   * renewed after it expired (`ok`, default false); omitted when absent.
   */
  readonly renewing?: { readonly allow?: boolean; readonly ok?: boolean };
  /** A token (one element declaring its namespaces) sent in `wst:OnBehalfOf` (WS-Trust 1.3 section 9.3). */
  readonly onBehalfOf?: string;
  /** A token sent in `wst14:ActAs` (WS-Trust 1.4). */
  readonly actAs?: string;
  /** `wst:Claims` in the identity dialect (WS-Trust 1.3 section 4.1). */
  readonly claims?: readonly RequestedClaim[];
}

/**
 * A ready-to-POST Issue request.
 *
 * @example
 * ```ts
 * const built: BuiltIssueRequest = buildIssueRequest(options);
 * ```
 * @public
 */
export type BuiltIssueRequest = BuiltSoapRequest;

/** Builds the envelope, content type and SOAPAction of an Issue request. @public */
export function buildIssueRequest(options: IssueRequestOptions): BuiltIssueRequest {
  return buildSoapRequest(options, (uris) => {
    const keyType = options.keyType === undefined ? uris.defaultKeyType : options.keyType;
    const appliesTo = appliesToElement(options.appliesTo);
    if (options.tokenType !== undefined) assertXmlText('tokenType', options.tokenType);
    if (keyType !== null) assertXmlText('keyType', keyType);
    return {
      action: uris.action,
      rst: el('wst:RequestSecurityToken', {}, [
        options.tokenType !== undefined && el('wst:TokenType', {}, [options.tokenType]),
        appliesTo,
        keyType !== null && el('wst:KeyType', {}, [keyType]),
        ...(options.rstElements ?? []),
        el('wst:RequestType', {}, [uris.requestType]),
        options.renewing !== undefined &&
          el('wst:Renewing', { Allow: options.renewing.allow === undefined ? undefined : String(options.renewing.allow), OK: options.renewing.ok === undefined ? undefined : String(options.renewing.ok) }),
        options.onBehalfOf !== undefined && delegationElement('onBehalfOf', options.onBehalfOf),
        options.actAs !== undefined && delegationElement('actAs', options.actAs),
        options.claims !== undefined && claimsElement(options.claims),
      ]),
    };
  });
}
