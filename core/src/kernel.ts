/**
 * The Koa app: a short list of named middleware, and the routes. It knows no token type.
 *   request context → fault boundary → drop aborted requests → router
 *   POST /idp/sts.wst, /sp/sts.wst, /pf/sts.wst: SOAP front door → WS-Trust (IdP STS, SP STS, token translator)
 *   GET  /.well-known/jwks.json
 */
import Koa from 'koa';
import Router from '@koa/router';
import type { Clock, Logger, SigningKeys, StateStore } from '@sts/sdk';
import type { XmlLimits } from '@sts/sdk/xml';
import type { KernelConfig } from './config/kernel-config.js';
import { requestContext } from './http/request-context.js';
import { dropAbortedRequests } from './http/drop-aborted-requests.js';
import { jwksHandler } from './http/jwks.js';
import type { StsState } from './http/sts-state.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import { faultBoundary } from './soap/fault-boundary.js';
import { readSoapRequest } from './soap/read-soap-request.js';
import type { TrustOperations } from './trust/trust-operations.js';
import { wsTrustEndpoint } from './trust/ws-trust-endpoint.js';

export interface KernelParts {
  readonly config: KernelConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly keys: SigningKeys;
  readonly stateStore: StateStore;
  readonly registry: PluginRegistry;
  readonly operations: TrustOperations;
  readonly publicOrigins: ReadonlySet<string>;
}

export const IDP_STS_PATH = '/idp/sts.wst';
export const SP_STS_PATH = '/sp/sts.wst';
export const TOKEN_TRANSLATOR_PATH = '/pf/sts.wst';
export const JWKS_PATH = '/.well-known/jwks.json';

export function buildKernel(parts: KernelParts): Koa<StsState> {
  const limits: XmlLimits = { ...parts.config.limits, maxBytes: parts.config.limits.maxRequestBytes };
  const router = new Router<StsState>();
  const soap = readSoapRequest(limits) as never;
  router.post(IDP_STS_PATH, soap, wsTrustEndpoint('idp', parts) as never);
  router.post(SP_STS_PATH, soap, wsTrustEndpoint('sp', parts) as never);
  router.post(TOKEN_TRANSLATOR_PATH, soap, wsTrustEndpoint('translator', parts) as never);
  router.get(JWKS_PATH, jwksHandler(parts.keys) as never);

  const app = new Koa<StsState>({ proxy: false });
  app.silent = true; // the fault boundary logs every error; Koa's own printer would print stacks
  app.use(requestContext(parts.clock));
  app.use(faultBoundary(parts.logger));
  app.use(dropAbortedRequests(parts.logger));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
