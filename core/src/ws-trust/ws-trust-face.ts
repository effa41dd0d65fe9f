/**
 * The WS-Trust face: its three routes (PingFederate's paths), each behind the SOAP fault boundary and the XML
 * front door, dispatched by RequestType to an operation that runs the protocol-neutral exchange. The fault
 * boundary covers these routes only; other faces answer errors in their own terms. A SOAP request with another
 * face's action (a metadata GetMetadata) passes the same front door and is handed to that face.
 */
import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { XmlLimits } from '@sts/sdk/xml';
import { ClientSecretVerifier } from '../http/client-secret-verifier.js';
import type { FaceParts } from '../http/face-parts.js';
import type { StsState } from '../http/sts-state.js';
import type { StsRole } from '../policy/policy-resolver.js';
import { WsTrustClientAuthenticator } from './client-authentication.js';
import { MessageIdReplay } from './message-id-replay.js';
import { dropAbortedRequests } from '../http/drop-aborted-requests.js';
import { faultBoundary } from './soap/fault-boundary.js';
import { readSoapRequest, type SoapRequestState } from './soap/read-soap-request.js';
import { trustOperations } from './trust-operations.js';
import { wsTrustEndpoint } from './ws-trust-endpoint.js';

import { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from './paths.js';

export { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH };

/** Endpoint path → the role whose policy table applies there. */
export const WS_TRUST_ROUTES: ReadonlyMap<string, StsRole> = new Map([
  [IDP_STS_PATH, 'idp'],
  [SP_STS_PATH, 'sp'],
  [TOKEN_TRANSLATOR_PATH, 'translator'],
]);

export interface WsTrustFaceParts extends FaceParts {
  /** Handlers of other SOAP requests these endpoints receive, by action (the metadata face's GetMetadata). */
  readonly soapActions?: ReadonlyMap<string, Middleware<SoapRequestState>>;
}

export function wsTrustFace(parts: WsTrustFaceParts): Router<StsState> {
  const limits: XmlLimits = { ...parts.config.limits, maxBytes: parts.config.limits.maxRequestBytes };
  const deps = {
    ...parts,
    operations: trustOperations(parts.exchange, parts.registry),
    messageIds: new MessageIdReplay(parts.stateStore, parts.config.security.timestamp),
    clients: new WsTrustClientAuthenticator(parts.config, new ClientSecretVerifier(parts.config.security.clientSecretCache, parts.clock)),
  };
  const router = new Router<StsState>();
  const boundary = faultBoundary(parts.logger);
  const aborted = dropAbortedRequests(parts.logger);
  const soap = readSoapRequest(limits) as never;
  const others = parts.soapActions ?? new Map();
  for (const [path, role] of WS_TRUST_ROUTES) router.post(path, boundary, aborted, soap, byAction(others, wsTrustEndpoint(role, deps)) as never);
  return router;
}

/**
 * After the front door: a request whose action (wsa:Action, else the transport's) another face registered goes
 * there; everything else is an RST for this endpoint, checked exactly as before.
 */
function byAction(others: ReadonlyMap<string, Middleware<SoapRequestState>>, rst: Middleware<SoapRequestState>): Middleware<SoapRequestState> {
  return (ctx, next) => {
    const action = ctx.state.soap.headers.action ?? ctx.state.transportAction;
    return ((action === undefined ? undefined : others.get(action)) ?? rst)(ctx, next);
  };
}
