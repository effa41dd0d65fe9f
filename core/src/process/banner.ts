/**
 * What `npm start` prints once every worker listens: where to send requests, what runs, and the warnings an
 * operator must not miss (development keys).
 */
import { JWKS_PATH } from '../http/jwks.js';
import { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from '../ws-trust/paths.js';
import { AS_METADATA_PATH, TOKEN_ENDPOINT_PATH } from '../oauth/paths.js';
import { IDP_MEX_PATH, MEX_PING_PATH } from '../metadata/paths.js';
import { resolvePublicBaseUrl } from '../config/public-base-url.js';
import type { Generation } from './generation.js';
import type { ListenerName, WorkerListening } from './worker-messages.js';

export interface BannerFacts {
  readonly generation: Generation;
  readonly listening: readonly WorkerListening[];
  /** The primary's listeners and the ports they bound. */
  readonly ports: ReadonlyMap<ListenerName, number>;
  readonly adminPort?: number;
  readonly warnings: readonly string[];
}

export function formatBanner({ generation, listening, ports, adminPort, warnings }: BannerFacts): string {
  const { config } = generation;
  const first = listening[0]!;
  const base = `http://${config.server.host}:${ports.get('http')}`;
  const tlsHost = config.server.tls?.host ?? config.server.host;
  const httpsPort = ports.get('https');
  const tlsBase = httpsPort === undefined ? undefined : `https://${tlsHost === '127.0.0.1' ? 'localhost' : tlsHost}:${httpsPort}`;
  const lines = [
    `STS listening on ${base}${tlsBase ? ` and ${tlsBase}` : ''}`,
    `  workers:  ${listening.length} (primary pid ${process.pid}); state backend: ${first.stateBackend}`,
    `  config:   ${generation.configFile}`,
    `  plug-ins: ${generation.manifestFile}`,
    ...first.plugins.map((p) => `    ${p.enabled ? 'active  ' : 'disabled'} ${p.id}${p.enabled ? ` (${p.kind}, ${p.package})` : ''}`),
    `  IdP STS:  POST ${base}${IDP_STS_PATH}`,
    `  SP STS:   POST ${base}${SP_STS_PATH}`,
    `  translator: POST ${base}${TOKEN_TRANSLATOR_PATH}`,
    `  OAuth token: POST ${base}${TOKEN_ENDPOINT_PATH} (metadata: GET ${base}${AS_METADATA_PATH})`,
    `  JWKS:     GET  ${base}${JWKS_PATH}`,
    `  metadata: GET  ${base}${MEX_PING_PATH}?PartnerSpId=<partner service id>, ${base}${IDP_MEX_PATH}, <STS endpoint>?wsdl`,
    metadataAddresses(config.server),
    ...(tlsBase ? [`  HTTPS:    ${tlsBase}${IDP_STS_PATH} (and the same paths)`] : []),
    ...(adminPort === undefined ? [] : [`  admin:    http://${config.server.admin.host}:${adminPort}/healthz, /readyz, /metrics`]),
    `  issuer:   ${config.issuer.entityId}`,
    ...config.spConnections.map((c) => `  SP connection:  ${c.id}: ${c.partnerServiceIds.map((p) => p.id).join(', ')}`),
    ...config.idpConnections.map((c) => `  IdP connection: ${c.id}: issuer ${c.issuer} (${c.mode})`),
    ...config.tokenMappings.map((m) => `  token mapping:  ${m.id}: processor ${m.processor} -> ${m.defaultTokenType}`),
    ...config.oauth.clients.map((c) => `  OAuth client:   ${c.clientId}: ${c.authMethods.join(', ')}; policy ${c.policy}`),
    ...config.notes.map((n) => `  ${n}`),
    ...warnings,
  ];
  return lines.join('\n') + '\n';
}

/** Where WSDL and MEX say the endpoints are, and why: MSAL ignores http endpoints, so an http base gets a hint. */
function metadataAddresses(server: BannerFacts['generation']['config']['server']): string {
  const { url, source } = resolvePublicBaseUrl(server);
  const hint = source === 'server.publicBaseUrl' ? '' : url.startsWith('https://') ? '; set server.publicBaseUrl for the public name' : '; Microsoft clients ignore http endpoints: set server.publicBaseUrl or server.tls';
  return `  metadata addresses: ${url} (from ${source}${hint})`;
}
