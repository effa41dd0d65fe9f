/**
 * The Issue response (WS-Trust 1.3 section 4.4; WS-Trust 2005/02 section 6): an RSTR inside an
 * RequestSecurityTokenResponseCollection for 1.3 (section 4.3), a bare RSTR for 2005, with TokenType,
 * RequestedSecurityToken, the attached and unattached references (sections 4.4.2, 4.4.3), AppliesTo,
 * Lifetime and KeyType. The namespace spelling is the request's; the Context attribute is echoed.
 */
import { el, raw, NS, type XmlChild } from '@sts/sdk/xml';
import type { IssuedToken, TokenReference } from '@sts/sdk';
import type { TrustVersion } from './trust-version.js';

export interface IssueResponseInput {
  readonly version: TrustVersion;
  readonly token: IssuedToken;
  readonly appliesTo: string;
  readonly appliesToNamespace: string;
  readonly context?: string;
  readonly relatesTo?: string;
}

export interface IssueResponse {
  readonly headers: readonly XmlChild[];
  readonly body: XmlChild;
}

export function writeIssueResponse(input: IssueResponseInput): IssueResponse {
  const { version, token } = input;
  const rstr = el('wst:RequestSecurityTokenResponse', { Context: input.context }, [
    el('wst:TokenType', {}, [token.tokenType]),
    el('wst:RequestedSecurityToken', {}, [
      token.xml !== undefined
        ? raw(token.xml)
        : el('wsse:BinarySecurityToken', { xmlns: { wsse: NS.wsse }, ValueType: token.tokenType, EncodingType: undefined }, [token.text ?? '']),
    ]),
    token.reference ? el('wst:RequestedAttachedReference', {}, [reference(token.reference)]) : null,
    token.reference ? el('wst:RequestedUnattachedReference', {}, [reference(token.reference)]) : null,
    el('wsp:AppliesTo', { xmlns: { wsp: input.appliesToNamespace, wsa: NS.wsa } }, [
      el('wsa:EndpointReference', {}, [el('wsa:Address', {}, [input.appliesTo])]),
    ]),
    el('wst:Lifetime', { xmlns: { wsu: NS.wsu } }, [
      el('wsu:Created', {}, [isoSeconds(token.created)]),
      el('wsu:Expires', {}, [isoSeconds(token.expires)]),
    ]),
    el('wst:KeyType', {}, [version.bearerKeyType]),
  ]);
  const body =
    version.name === '1.3'
      ? el('wst:RequestSecurityTokenResponseCollection', { xmlns: { wst: version.namespace } }, [rstr])
      : el('wst:RequestSecurityTokenResponse', { xmlns: { wst: version.namespace }, Context: input.context }, rstr.children);
  const headers: XmlChild[] = [el('wsa:Action', { xmlns: { wsa: NS.wsa } }, [version.actions.issueResponse])];
  if (input.relatesTo !== undefined) headers.push(el('wsa:RelatesTo', { xmlns: { wsa: NS.wsa } }, [input.relatesTo]));
  return { headers, body };
}

function reference(ref: TokenReference): XmlChild {
  return el('wsse:SecurityTokenReference', { xmlns: { wsse: NS.wsse, wsse11: NS.wsse11 }, 'wsse11:TokenType': ref.tokenType }, [
    el('wsse:KeyIdentifier', { ValueType: ref.valueType }, [ref.keyIdentifier]),
  ]);
}

/** xs:dateTime in UTC without fractional seconds, the form every client parses. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
