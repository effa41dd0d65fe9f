/**
 * The WS-Trust responses (WS-Trust 1.3 sections 4.3, 4.4 and 7; WS-Trust 2005/02 sections 6 and 8):
 * - Issue: an RSTR inside an RequestSecurityTokenResponseCollection for 1.3, a bare RSTR for 2005;
 * - Validate: a bare RSTR carrying wst:Status, and the new token when the request asked for one;
 * - Renew (section 8): a bare RSTR with the new token; Cancel (section 10): a bare RSTR holding only
 *   wst:RequestedTokenCancelled;
 * - a batch (section 4.3): one RSTRC with an RSTR per request, in order (write-batch-response.ts).
 * A token comes with TokenType, RequestedSecurityToken, the attached and unattached references (sections
 * 4.4.2, 4.4.3), AppliesTo, Lifetime, KeyType and, for a symmetric proof key, the RequestedProofToken
 * (section 4.4.3: the key as a BinarySecret, or ComputedKey P_SHA1 with the issuer's Entropy and the KeySize,
 * section 4.4.4). A text token (JWT) travels base64-encoded in a
 * wsse:BinarySecurityToken whose ValueType is its token type. The namespace spelling is the request's; the
 * Context attribute is echoed.
 */
import { el, raw, NS, xsDateTime, type XmlChild, type XmlNode } from '@sts/sdk/xml';
import type { IssuedToken, TokenReference } from '@sts/sdk';
import type { IssuedProof } from '../exchange/exchange-request.js';
import type { TrustVersion } from './trust-version.js';

const BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

export interface TrustResponseInput {
  readonly version: TrustVersion;
  readonly operation: 'issue' | 'validate' | 'renew' | 'cancel';
  readonly token?: IssuedToken;
  /** The audience the token was issued for, echoed as AppliesTo. */
  readonly audience?: string;
  readonly appliesToNamespace?: string;
  /** The proof key of the token; bearer when absent. */
  readonly proof?: IssuedProof;
  /** Validate only. */
  readonly status?: { readonly valid: boolean; readonly reason?: string };
  /** Cancel only: the token was cancelled. */
  readonly cancelled?: true;
  readonly context?: string;
  readonly relatesTo?: string;
}

export interface TrustResponse {
  readonly headers: readonly XmlChild[];
  readonly body: XmlChild;
}

/** The response Action of each operation (WS-Trust 1.3 sections 4.1, 7, 8, 10). */
const RESPONSE_ACTION: Readonly<Record<TrustResponseInput['operation'], (version: TrustVersion) => string>> = {
  issue: (v) => v.actions.issueResponse,
  validate: (v) => v.actions.validateResponse,
  renew: (v) => v.actions.renewResponse,
  cancel: (v) => v.actions.cancelResponse,
};

export function writeTrustResponse(input: TrustResponseInput): TrustResponse {
  const { version } = input;
  const collection = input.operation === 'issue' && version.name === '1.3';
  const rstr = writeRstr(input, !collection);
  const body: XmlNode = collection ? el('wst:RequestSecurityTokenResponseCollection', { xmlns: { wst: version.namespace } }, [rstr]) : rstr;
  return { headers: responseHeaders(RESPONSE_ACTION[input.operation](version), input.relatesTo), body };
}

/** wsa:Action and, when the request had a MessageID, wsa:RelatesTo. */
export function responseHeaders(action: string, relatesTo: string | undefined): XmlChild[] {
  const headers: XmlChild[] = [el('wsa:Action', { xmlns: { wsa: NS.wsa } }, [action])];
  if (relatesTo !== undefined) headers.push(el('wsa:RelatesTo', { xmlns: { wsa: NS.wsa } }, [relatesTo]));
  return headers;
}

/** One RSTR; `declare` puts the wst namespace declaration on it (a bare RSTR, not inside an RSTRC). */
export function writeRstr(input: Omit<TrustResponseInput, 'relatesTo'>, declare: boolean): XmlNode {
  const { version, token, status } = input;
  const xmlns = declare ? { xmlns: { wst: version.namespace } } : {};
  if (input.cancelled) return el('wst:RequestSecurityTokenResponse', { ...xmlns, Context: input.context }, [el('wst:RequestedTokenCancelled', {}, [])]);
  const tokenType = token?.tokenType ?? version.status.tokenType;
  const children: XmlChild[] = [el('wst:TokenType', {}, [tokenType]), ...(token ? tokenParts(input, token) : [])];
  if (status) {
    children.push(
      el('wst:Status', {}, [
        el('wst:Code', {}, [status.valid ? version.status.valid : version.status.invalid]),
        status.reason !== undefined ? el('wst:Reason', {}, [status.reason]) : null,
      ]),
    );
  }
  return el('wst:RequestSecurityTokenResponse', { ...xmlns, Context: input.context }, children);
}

function tokenParts(input: Omit<TrustResponseInput, 'relatesTo'>, token: IssuedToken): XmlChild[] {
  return [
    el('wst:RequestedSecurityToken', {}, [
      token.xml !== undefined
        ? raw(token.xml)
        : el('wsse:BinarySecurityToken', { xmlns: { wsse: NS.wsse }, ValueType: token.tokenType, EncodingType: BASE64_BINARY }, [
            Buffer.from(token.text ?? '', 'utf8').toString('base64'),
          ]),
    ]),
    token.reference ? el('wst:RequestedAttachedReference', {}, [reference(token.reference)]) : null,
    token.reference ? el('wst:RequestedUnattachedReference', {}, [reference(token.reference)]) : null,
    input.audience !== undefined
      ? el('wsp:AppliesTo', { xmlns: { wsp: input.appliesToNamespace ?? NS.wsp2004, wsa: NS.wsa } }, [
          el('wsa:EndpointReference', {}, [el('wsa:Address', {}, [input.audience])]),
        ])
      : null,
    el('wst:Lifetime', { xmlns: { wsu: NS.wsu } }, [
      el('wsu:Created', {}, [xsDateTime(token.created)]),
      el('wsu:Expires', {}, [xsDateTime(token.expires)]),
    ]),
    el('wst:KeyType', {}, [input.version.keyTypes[input.proof?.type ?? 'bearer']]),
    ...(input.proof?.type === 'symmetric' ? proofToken(input.version, input.proof) : []),
  ];
}

/**
 * The requester's copy of a symmetric proof key. Computed (section 4.4.4): the algorithm, the issuer's
 * entropy (a Nonce) and the key size, from which the requester derives P_SHA1(its entropy, ours) itself.
 * Otherwise the key itself as a BinarySecret (section 4.4.3); the response travels over TLS.
 */
function proofToken(version: TrustVersion, proof: Extract<IssuedProof, { type: 'symmetric' }>): XmlChild[] {
  if (proof.issuerEntropy === undefined) {
    return [el('wst:RequestedProofToken', {}, [el('wst:BinarySecret', {}, [Buffer.from(proof.key).toString('base64')])])];
  }
  return [
    el('wst:RequestedProofToken', {}, [el('wst:ComputedKey', {}, [version.computedKeyPSha1])]),
    el('wst:Entropy', {}, [el('wst:BinarySecret', { Type: version.nonceType }, [Buffer.from(proof.issuerEntropy).toString('base64')])]),
    el('wst:KeySize', {}, [String(proof.keySizeBits)]),
  ];
}

function reference(ref: TokenReference): XmlChild {
  return el('wsse:SecurityTokenReference', { xmlns: { wsse: NS.wsse, wsse11: NS.wsse11 }, 'wsse11:TokenType': ref.tokenType }, [
    el('wsse:KeyIdentifier', { ValueType: ref.valueType }, [ref.keyIdentifier]),
  ]);
}
