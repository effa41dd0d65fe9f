/**
 * A metadata request sent as SOAP to an STS endpoint, after the WS-Trust face's XML front door routed it
 * here by its action (ws-trust-face.ts):
 * - WS-Transfer Get (2004/09 section 3.1): the Body is empty;
 * - WS-MetadataExchange GetMetadata (2004/09 section 6.2): the Body is `mex:GetMetadata` with an optional
 *   Dialect and Identifier. A Dialect other than WSDL, or an Identifier other than our WSDL's target
 *   namespace, is the UnsupportedMetadata fault (mex-fault-boundary.ts).
 * The answer is `mex:Metadata` with one WSDL section whose top element is `wsdl:definitions` (what MSAL .NET
 * looks for), SOAP 1.2 bindings only, in the request's SOAP version; RelatesTo echoes the MessageID. The
 * partner is the `PartnerSpId` query parameter, as on the GET paths; no credential is needed.
 */
import type { Middleware } from 'koa';
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import { el, NS, raw, type XmlDomElement } from '@sts/sdk/xml';
import { elementChildren, textContent } from '../ws-trust/soap/read-envelope.js';
import type { SoapRequestState } from '../ws-trust/soap/read-soap-request.js';
import { SOAP_MEDIA_TYPE } from '../ws-trust/soap/soap-version.js';
import { writeEnvelope } from '../ws-trust/soap/write-envelope.js';
import type { MetadataDocuments } from './metadata-documents.js';
import { MetadataError, UnsupportedMetadataError } from './metadata-error.js';
import { MD, MEX_ACTION, WSDL_DIALECT } from './metadata-namespaces.js';
import { partnerSpIdOf } from './metadata-query.js';

/** Request action → how its Body is read and which action the response carries. */
const REQUESTS: ReadonlyMap<string, { readonly readBody: (body: XmlDomElement | undefined) => void; readonly responseAction: string }> = new Map([
  [MEX_ACTION.transferGet, { readBody: readTransferGet, responseAction: MEX_ACTION.transferGetResponse }],
  [MEX_ACTION.getMetadata, { readBody: readGetMetadata, responseAction: MEX_ACTION.getMetadataResponse }],
]);

/** The actions this endpoint answers: the WS-Trust face routes them here. */
export const MEX_REQUEST_ACTIONS: readonly string[] = [...REQUESTS.keys()];

export function mexSoapEndpoint(documents: MetadataDocuments): Middleware<SoapRequestState> {
  return async (ctx) => {
    const { soap } = ctx.state;
    ctx.state.operation = 'mex';
    const action = soap.headers.action ?? ctx.state.transportAction;
    const request = action === undefined ? undefined : REQUESTS.get(action);
    if (!request) throw new InvalidRequestError(`action ${quoteForLog(action ?? '(none)')} is not a metadata request`);
    request.readBody(soap.bodyChild);
    let partnerSpId: string | undefined;
    try {
      partnerSpId = partnerSpIdOf(ctx);
    } catch (error) {
      if (error instanceof MetadataError) throw new InvalidRequestError(error.message);
      throw error;
    }
    const document = partnerSpId === undefined ? documents.general : documents.forPartner(partnerSpId);
    if (!document) throw new UnsupportedMetadataError(`no SP connection for PartnerSpId ${quoteForLog(partnerSpId!)}`);
    const messageId = soap.headers.messageId;
    const headers = [
      el('wsa:Action', { xmlns: { wsa: NS.wsa }, 's:mustUnderstand': '1' }, [request.responseAction]),
      messageId === undefined ? null : el('wsa:RelatesTo', { xmlns: { wsa: NS.wsa } }, [messageId]),
    ].filter((h) => h !== null);
    const body = el('mex:Metadata', { xmlns: { mex: MD.mex } }, [
      el('mex:MetadataSection', { Dialect: WSDL_DIALECT, Identifier: MD.tns }, [raw(document.mex)]),
    ]);
    ctx.status = 200;
    ctx.type = SOAP_MEDIA_TYPE[soap.version];
    ctx.body = writeEnvelope(soap.version, headers, body);
  };
}

function readTransferGet(body: XmlDomElement | undefined): void {
  if (body !== undefined) throw new InvalidRequestError('a WS-Transfer Get has an empty Body');
}

function readGetMetadata(body: XmlDomElement | undefined): void {
  if (body === undefined || body.namespace()?.href() !== MD.mex || body.name() !== 'GetMetadata') {
    throw new InvalidRequestError('a GetMetadata request needs a mex:GetMetadata Body');
  }
  const children = elementChildren(body, 'GetMetadata');
  const names = children.map((c) => (c.namespace()?.href() === MD.mex ? c.name() : `{${c.namespace()?.href() ?? ''}}${c.name()}`));
  // Schema order (metadataexchange-2004-09.xsd): Dialect?, Identifier?.
  const expected = ['Dialect', 'Identifier'].filter((n) => names.includes(n));
  if (names.length !== expected.length || names.some((n, i) => n !== expected[i])) {
    throw new InvalidRequestError(`GetMetadata holds ${quoteForLog(names.join(', '))}; only Dialect and Identifier, in that order, are allowed`);
  }
  const value = (name: string) => {
    const child = children[names.indexOf(name)];
    return child === undefined ? undefined : textContent(child, `GetMetadata/${name}`);
  };
  const dialect = value('Dialect');
  if (dialect !== undefined && dialect !== WSDL_DIALECT) throw new UnsupportedMetadataError(`Dialect ${quoteForLog(dialect)} is not served`);
  const identifier = value('Identifier');
  if (identifier !== undefined && identifier !== MD.tns) throw new UnsupportedMetadataError(`Identifier ${quoteForLog(identifier)} is not served`);
}
