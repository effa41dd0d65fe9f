/**
 * Builds a WS-Trust Validate request (WS-Trust 1.3 section 7.1; WS-Trust 2005/02 section 8):
 *
 * - Header: the same `wsa:` blocks and `wsse:Security` as an Issue request (`build-soap-request.ts`), with the
 *   Validate Action `…/RST/Validate`. The STS needs the Timestamp; the credential is optional
 *   (`{ kind: 'none' }`), but checked when sent.
 * - Body: `wst:RequestSecurityToken` with a TokenType (default `…/RSTR/Status`: tell me whether the token is
 *   valid; another token type: exchange it for a new token of that type), the Validate RequestType,
 *   `wst:ValidateTarget` holding the token, and an optional `wsp:AppliesTo` (the partner of an exchange).
 *
 * The target is the caller's own token, for example an assertion it received, and is inserted as-is, so that
 * a signature over it stays intact. It must therefore be a single well-formed element that declares every
 * namespace it uses itself (a subtree cut out of a larger document often does not: an element's `toString()`
 * leaves out what an ancestor declared). It is checked with the SDK's byte gate and strict parser before it is
 * inserted; anything else (text, two elements, an XML declaration, a DOCTYPE, comment or processing
 * instruction, an undeclared prefix) is refused with a TypeError.
 *
 * @example
 * ```ts
 * const { body, contentType, soapAction } = buildValidateRequest({
 *   endpoint: 'https://sts.example.com/idp/sts.wst',
 *   target: assertionXml,
 *   credential: { kind: 'none' },
 * });
 * await fetch('https://sts.example.com/idp/sts.wst', { method: 'POST', body, headers: { 'content-type': contentType } });
 * ```
 * @public
 */
import { el, raw } from '../xml/xml-builder.js';
import { assertXmlText } from './assert-xml-text.js';
import { appliesToElement, buildSoapRequest, type BuiltSoapRequest, type SoapRequestOptions } from './build-soap-request.js';
import { checkedTokenXml } from './checked-token-xml.js';

/**
 * Options of {@link buildValidateRequest}: the shared request options plus the token to validate.
 *
 * @example
 * ```ts
 * const options: ValidateRequestOptions = { endpoint, target: assertionXml, tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp', credential: { kind: 'none' } };
 * ```
 * @public
 */
export interface ValidateRequestOptions extends SoapRequestOptions {
  /**
   * The token to validate, as XML text: one well-formed element that declares its own namespaces, inserted
   * as-is into `wst:ValidateTarget`.
   */
  readonly target: string;
  /**
   * `wst:TokenType`: default the version's `…/RSTR/Status` (a status only); another token type asks for an
   * exchange; `null` omits the element (the STS then answers with a status only).
   */
  readonly tokenType?: string | null;
  /** The partner of an exchange, sent as `wsp:AppliesTo/wsa:EndpointReference/wsa:Address`; omitted when absent. */
  readonly appliesTo?: string;
}

/**
 * A ready-to-POST Validate request.
 *
 * @example
 * ```ts
 * const built: BuiltValidateRequest = buildValidateRequest(options);
 * ```
 * @public
 */
export type BuiltValidateRequest = BuiltSoapRequest;

/** Builds the envelope, content type and SOAPAction of a Validate request. @public */
export function buildValidateRequest(options: ValidateRequestOptions): BuiltValidateRequest {
  const target = checkedTokenXml(options.target, 'target');
  return buildSoapRequest(options, (uris) => {
    const tokenType = options.tokenType === undefined ? uris.validate.statusTokenType : options.tokenType;
    if (tokenType !== null) assertXmlText('tokenType', tokenType);
    const appliesTo = options.appliesTo === undefined ? undefined : appliesToElement(options.appliesTo);
    return {
      action: uris.validate.action,
      rst: el('wst:RequestSecurityToken', {}, [
        tokenType !== null && el('wst:TokenType', {}, [tokenType]),
        el('wst:RequestType', {}, [uris.validate.requestType]),
        // Checked above to be one well-formed element with its own namespace declarations.
        el('wst:ValidateTarget', {}, [raw(target)]),
        appliesTo,
      ]),
    };
  });
}

