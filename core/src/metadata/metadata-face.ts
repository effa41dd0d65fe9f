/**
 * The metadata face (DESIGN.md section 2, `core/src/metadata/`): WSDL + WS-SecurityPolicy + MEX per partner.
 * - GET /pf/sts_mex.ping?PartnerSpId=<partner service id> (PingFederate's path; the partner is required),
 *   GET /idp/sts.wst/mex[?PartnerSpId=]: the MEX document (`wsdl:definitions`, SOAP 1.2 bindings only);
 * - GET <STS endpoint>?wsdl[&PartnerSpId=]: the WSDL with SOAP 1.1 and 1.2 bindings; a GET without `wsdl` is
 *   405, as before;
 * - a SOAP WS-Transfer Get or MEX GetMetadata POSTed to an STS endpoint: the WS-Trust face's front door reads
 *   it and hands it to {@link MetadataFace.soapActions} by its action.
 * Unknown partner: 404 (GET) or mex:UnsupportedMetadata (SOAP). Addresses start with `server.publicBaseUrl`.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { FaceParts } from '../http/face-parts.js';
import type { StsState } from '../http/sts-state.js';
import { publicBaseUrl } from '../config/public-base-url.js';
import type { SoapRequestState } from '../ws-trust/soap/read-soap-request.js';
import { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from '../ws-trust/paths.js';
import { MetadataDocuments, type MetadataDocument } from './metadata-documents.js';
import { MetadataError } from './metadata-error.js';
import { metadataErrorBoundary } from './metadata-error-boundary.js';
import { partnerSpIdOf } from './metadata-query.js';
import { mexFaultBoundary } from './mex-fault-boundary.js';
import { MEX_REQUEST_ACTIONS, mexSoapEndpoint } from './mex-soap-endpoint.js';
import { IDP_MEX_PATH, MEX_PING_PATH, PARTNER_PARAMETER } from './paths.js';

export { IDP_MEX_PATH, MEX_PING_PATH };

/** The metadata paths, for the request metrics (observe-requests.ts). */
export const METADATA_PATHS: readonly string[] = [MEX_PING_PATH, IDP_MEX_PATH];

export interface MetadataFace {
  readonly router: Router<StsState>;
  /** SOAP action → handler, for the WS-Trust face's front door (after its XML checks). */
  readonly soapActions: ReadonlyMap<string, Middleware<SoapRequestState>>;
}

/** How a GET route finds its document: PingFederate's path requires the partner, the others allow it. */
type Which = (documents: MetadataDocuments, partnerSpId: string | undefined) => MetadataDocument;

const partnerRequired: Which = (documents, partnerSpId) => {
  if (partnerSpId === undefined) throw new MetadataError(400, `${PARTNER_PARAMETER} is required`);
  return partnerOptional(documents, partnerSpId);
};

const partnerOptional: Which = (documents, partnerSpId) => {
  if (partnerSpId === undefined) return documents.general;
  const document = documents.forPartner(partnerSpId);
  if (!document) throw new MetadataError(404, `no SP connection for ${PARTNER_PARAMETER}`);
  return document;
};

export function metadataFace(parts: FaceParts): MetadataFace {
  const documents = new MetadataDocuments(parts.config, parts.registry, publicBaseUrl(parts.config.server));
  const boundary = metadataErrorBoundary(parts.logger);
  const router = new Router<StsState>();
  const serve = (which: Which, part: keyof MetadataDocument): Middleware<StsState> => async (ctx) => {
    ctx.state.operation = part; // 'mex' or 'wsdl', for the request metrics
    const document = which(documents, partnerSpIdOf(ctx));
    ctx.status = 200;
    ctx.type = 'text/xml; charset=utf-8';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>${document[part]}`;
  };
  router.get(MEX_PING_PATH, boundary, serve(partnerRequired, 'mex'));
  router.get(IDP_MEX_PATH, boundary, serve(partnerOptional, 'mex'));
  const wsdl = serve(partnerOptional, 'wsdl');
  for (const path of [IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH]) {
    router.get(path, boundary, async (ctx, next) => {
      // A WS-Trust endpoint answers GET only for its WSDL (the `?wsdl` convention of WSDL-driven clients).
      if (!('wsdl' in ctx.query)) throw new MetadataError(405, 'a WS-Trust endpoint takes POST');
      await next();
    }, wsdl);
  }
  const faults = mexFaultBoundary(parts.logger);
  const endpoint = mexSoapEndpoint(documents);
  const handler: Middleware<SoapRequestState> = (ctx, next) => faults(ctx, () => endpoint(ctx, next));
  return { router, soapActions: new Map(MEX_REQUEST_ACTIONS.map((action) => [action, handler])) };
}
