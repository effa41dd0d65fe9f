/**
 * The OAuth face (DESIGN.md section 2, `core/src/oauth/`): the token endpoint behind its own front door
 * (form-urlencoded only, size cap, no repeated parameter) and its RFC 6749 section 5.2 error boundary, the
 * RFC 7662 introspection of the access tokens we issued, and the RFC 8414 metadata. It reads the wire into the protocol-neutral exchange and writes the exchange's
 * result back; processors and generators are the WS-Trust face's own instances, chosen by the config's
 * token-exchange policies. Clients and policies are checked at construction, so a bad `oauth` config stops
 * the boot.
 */
import Router from '@koa/router';
import { dropAbortedRequests } from '../http/drop-aborted-requests.js';
import { jsonErrorBoundary } from '../http/json-error-boundary.js';
import type { FaceParts } from '../http/face-parts.js';
import type { StsState } from '../http/sts-state.js';
import { ClientSecretVerifier } from '../http/client-secret-verifier.js';
import { ConnectionResolver } from '../policy/connection-resolver.js';
import { metadataHandler } from './authorization-server-metadata.js';
import { ExchangePolicies } from './exchange-policies.js';
import { OAuthClients } from './oauth-clients.js';
import { oauthErrorBoundary } from './oauth-error-boundary.js';
import { introspectionEndpoint } from './introspection-endpoint.js';
import { AS_METADATA_PATH, INTROSPECTION_PATH, TOKEN_ENDPOINT_PATH } from './paths.js';
import { readForm } from './read-form.js';
import { tokenEndpoint } from './token-endpoint.js';

export { AS_METADATA_PATH, INTROSPECTION_PATH, TOKEN_ENDPOINT_PATH };

/** The paths whose requests are audited (observe-requests.ts). */
export const OAUTH_AUDITED_PATHS: readonly string[] = [TOKEN_ENDPOINT_PATH];

export type OAuthFaceParts = FaceParts;

export function oauthFace(parts: OAuthFaceParts): Router<StsState> {
  const { config } = parts;
  const origins = [...parts.publicOrigins];
  const secrets = new ClientSecretVerifier(config.security.clientSecretCache, parts.clock);
  const clients = new OAuthClients(config.oauth, parts.stateStore, origins.map((o) => `${o}${TOKEN_ENDPOINT_PATH}`), secrets);
  const policies = new ExchangePolicies(config.oauth, parts.registry);
  const router = new Router<StsState>();
  router.post(
    TOKEN_ENDPOINT_PATH,
    oauthErrorBoundary(parts.logger),
    dropAbortedRequests(parts.logger),
    readForm(config.limits.maxRequestBytes) as never,
    tokenEndpoint({ clients, policies, connections: new ConnectionResolver(config.spConnections), exchange: parts.exchange, clock: parts.clock }) as never,
  );
  router.post(
    INTROSPECTION_PATH,
    oauthErrorBoundary(parts.logger),
    dropAbortedRequests(parts.logger),
    readForm(config.limits.maxRequestBytes) as never,
    introspectionEndpoint({ clients, keys: parts.keys, issuer: config.issuer.entityId, clock: parts.clock }) as never,
  );
  router.get(AS_METADATA_PATH, jsonErrorBoundary(parts.logger), metadataHandler({ oauth: config.oauth, origin: origins[0]! }) as never);
  return router;
}
