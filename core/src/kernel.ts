/**
 * The Koa app: a short list of named middleware, and the faces. It knows no token type and no protocol.
 *   request context → observe (metrics, audit) → router
 *   WS-Trust face: POST /idp/sts.wst, /sp/sts.wst, /pf/sts.wst (SOAP fault boundary → drop aborted requests → front door → operation)
 *   OAuth face: POST /as/token.oauth2 (RFC 6749 error boundary → drop aborted requests → form front door → grant),
 *     POST /as/introspect.oauth2 (the same boundary and front door), GET /.well-known/oauth-authorization-server
 *   metadata face: GET /pf/sts_mex.ping, /idp/sts.wst/mex, <STS endpoint>?wsdl (plain HTTP error boundary); a SOAP
 *     GetMetadata or WS-Transfer Get to an STS endpoint reaches it through the WS-Trust face's front door, by action
 *   GET /.well-known/jwks.json (JSON error boundary)
 */
import Koa from 'koa';
import Router from '@koa/router';
import type { Clock, Logger, SigningKeys, StateStore } from '@sts/sdk';
import type { KernelConfig } from './config/kernel-config.js';
import type { AuditLog } from './audit/audit-log.js';
import type { StsMetrics } from './metrics/sts-metrics.js';
import type { TokenExchange } from './exchange/token-exchange.js';
import { jsonErrorBoundary } from './http/json-error-boundary.js';
import { observeRequests } from './http/observe-requests.js';
import type { OutcomeSlots } from './http/outcome-slots.js';
import { JWKS_PATH, jwksHandler } from './http/jwks.js';
import { requestContext } from './http/request-context.js';
import type { StsState } from './http/sts-state.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import { WS_TRUST_ROUTES, wsTrustFace } from './ws-trust/ws-trust-face.js';
import { AS_METADATA_PATH, INTROSPECTION_PATH, OAUTH_AUDITED_PATHS, oauthFace } from './oauth/oauth-face.js';
import { METADATA_PATHS, metadataFace } from './metadata/metadata-face.js';

export { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from './ws-trust/ws-trust-face.js';

export interface KernelParts {
  readonly config: KernelConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly keys: SigningKeys;
  readonly stateStore: StateStore;
  readonly registry: PluginRegistry;
  readonly exchange: TokenExchange;
  readonly publicOrigins: ReadonlySet<string>;
  readonly metrics: StsMetrics;
  readonly audit: AuditLog;
  readonly outcomes: OutcomeSlots;
}

export { JWKS_PATH };

export function buildKernel(parts: KernelParts): Koa<StsState> {
  const keys = new Router<StsState>();
  keys.get(JWKS_PATH, jsonErrorBoundary(parts.logger), jwksHandler(parts.keys) as never);

  const app = new Koa<StsState>({ proxy: false });
  app.silent = true; // each face's boundary logs its errors; Koa's own printer would print stacks
  app.use(requestContext(parts.clock));
  const audited = new Set([...WS_TRUST_ROUTES.keys(), ...OAUTH_AUDITED_PATHS]);
  const other = new Map([[JWKS_PATH, 'jwks'], [AS_METADATA_PATH, 'metadata'], [INTROSPECTION_PATH, 'introspect'], ...METADATA_PATHS.map((p) => [p, 'mex'] as const)]);
  app.use(observeRequests(parts.metrics, parts.audit, parts.outcomes, { audited, other }));
  const metadata = metadataFace(parts);
  for (const router of [wsTrustFace({ ...parts, soapActions: metadata.soapActions }), oauthFace(parts), metadata.router, keys]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
