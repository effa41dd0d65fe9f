/**
 * Boot: config → container → keys → plug-ins → kernel. The composition root (main.ts) calls it, and so do
 * the tests, each with a fresh child container; nothing here touches tsyringe's global container state.
 */
import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { pino } from 'pino';
import type Koa from 'koa';
import type { Clock, Logger, SigningKeys, StateStore, StsIdentity } from '@sts/sdk';
import { CanonicalXmlSigner } from '@sts/sdk/xml';
import type { IssuancePolicy, KernelConfig } from './config/kernel-config.js';
import { checkDelegationConfig } from './config/check-delegation-config.js';
import { StartupError, StartupErrorCode } from './errors.js';
import { TOKENS, SERVICE_REF_TOKENS } from './container/tokens.js';
import { loadSigningKeys } from './keys/load-signing-keys.js';
import { publicBaseUrl } from './config/public-base-url.js';
import { buildKernel } from './kernel.js';
import type { StsState } from './http/sts-state.js';
import { readManifest, type Manifest } from './plugins/manifest.js';
import { StsMetrics } from './metrics/sts-metrics.js';
import { createAuditLog, type AuditLog } from './audit/audit-log.js';
import { unreadyProcessors, type Readiness } from './admin/readiness.js';
import { loadPlugins } from './plugins/load-plugins.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import { ConnectionResolver } from './policy/connection-resolver.js';
import { EncryptionCertificates } from './policy/encryption-certificates.js';
import { PolicyResolver } from './policy/policy-resolver.js';
import { TrustedIssuerRegistry } from './policy/trusted-issuer-registry.js';
import { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from './kernel.js';
import { TOKEN_ENDPOINT_PATH } from './oauth/paths.js';
import { logOutcome } from './exchange/log-outcome.js';
import { OutcomeSlots } from './http/outcome-slots.js';
import { observeExchangeMetrics } from './metrics/observe-exchange-metrics.js';
import type { ExchangeObserver } from './exchange/exchange-outcome.js';
import { TokenExchange } from './exchange/token-exchange.js';
import { TokenLifecycle } from './exchange/token-lifecycle.js';
import { IssuedTokenStore } from './state/issued-token-store.js';
import { issuedTokenDigest } from './ws-trust/token-digest.js';
import { createStateStore } from './state/create-state-store.js';
import type { BoundedStateStore } from './state/bounded-state-store.js';

export interface BootOptions {
  readonly config: KernelConfig;
  readonly manifestFile: string;
  /** The manifest already read (a worker gets the text the primary validated); read from manifestFile otherwise. */
  readonly manifest?: Manifest;
  /** Replacements for tests: a manual clock, a recording logger, a shared state store. */
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly stateStore?: StateStore;
  readonly metrics?: StsMetrics;
  readonly audit?: AuditLog;
  /** Told the outcome of every exchange, after the audit log (metrics, tracing). */
  readonly exchangeObservers?: readonly ExchangeObserver[];
  /** `external` in a worker: the primary checkpoints the SQLite state file (state/sqlite-checkpointer.ts). */
  readonly sqliteCheckpoints?: 'automatic' | 'external';
}

export interface Sts {
  readonly app: Koa<StsState>;
  readonly config: KernelConfig;
  readonly registry: PluginRegistry;
  readonly container: DependencyContainer;
  readonly publicOrigins: ReadonlySet<string>;
  readonly metrics: StsMetrics;
  /** The state store; `stateStore.ping()` is the readiness check of the state backend. */
  readonly stateStore: BoundedStateStore;
  /** Plug-ins and keys are loaded once boot returns; the state backend is asked each time. */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

export async function bootSts(options: BootOptions): Promise<Sts> {
  const { config } = options;
  const container = rootContainer.createChildContainer();
  const logger: Logger = options.logger ?? pino({ level: config.logging.level, base: { service: 'sts' } });
  const clock: Clock = options.clock ?? { now: () => new Date() };
  const keys = await loadSigningKeys(config.keys);
  const encryptionCertificates = new EncryptionCertificates(config, logger, clock.now());
  container.register(TOKENS.config, { useValue: config });
  container.register(TOKENS.logger, { useValue: logger });
  container.register(TOKENS.clock, { useValue: clock });
  container.register(TOKENS.signingKeys, { useValue: keys });
  container.register(TOKENS.xmlSigner, { useValue: new CanonicalXmlSigner(keys) });
  const metrics = options.metrics ?? new StsMetrics();
  const stateStore = createStateStore(config.state, { clock, logger, provided: options.stateStore, onRefusal: () => metrics.stateBackendErrors.inc(), sqliteCheckpoints: options.sqliteCheckpoints });
  container.register(TOKENS.stateStore, { useValue: stateStore });
  // Metadata advertises addresses under the public base URL, so a client that took them from there is answered
  // (a derived one is already among these origins, see public-base-url.ts).
  const publicOrigins = new Set([...(config.server.publicOrigins.length > 0 ? config.server.publicOrigins : defaultOrigins(config.server)), publicBaseUrl(config.server)]);
  const spConnections = new ConnectionResolver(config.spConnections);
  const trustedIssuers = new TrustedIssuerRegistry(config, keys, spConnections);
  container.register(TOKENS.trustedIssuers, { useValue: trustedIssuers });
  container.register(TOKENS.stsIdentity, { useValue: stsIdentity(config, publicOrigins) });

  let registry: PluginRegistry;
  try {
    registry = await loadPlugins(options.manifest ?? readManifest(options.manifestFile), {
      logger,
      resolveService: (id) => {
        const token = SERVICE_REF_TOKENS.get(id);
        return token === undefined ? undefined : container.resolve(token);
      },
    });
    checkConnectionReferences(config, registry, keys, options.manifestFile);
    checkDelegationConfig(config, registry, options.manifestFile);
  } catch (error) {
    await stateStore.close(); // a failed start leaves no open file or connection behind
    throw error;
  }
  container.register(TOKENS.registry, { useValue: registry });

  const policies = new PolicyResolver(config, spConnections, trustedIssuers);
  const audit = options.audit ?? createAuditLog(config.logging.audit);
  const outcomes = new OutcomeSlots();
  const observers = [logOutcome(logger), outcomes.observer, observeExchangeMetrics(metrics), ...(options.exchangeObservers ?? [])];
  const lifecycle = new TokenLifecycle({ config, registry, spConnections, store: new IssuedTokenStore(stateStore, () => clock.now()), logger, now: () => clock.now(), tokenDigest: issuedTokenDigest });
  const exchange = new TokenExchange({ config, registry, policies, encryptionCertificates, now: () => clock.now(), logger, observers, lifecycle });
  const app = buildKernel({ config, logger, clock, keys, stateStore, registry, exchange, publicOrigins, metrics, audit, outcomes });
  return {
    app,
    config,
    registry,
    container,
    publicOrigins,
    metrics,
    stateStore,
    readiness: () => readiness(stateStore, registry),
    close: async () => {
      try {
        await registry.close();
      } finally {
        await stateStore.close();
        audit.flush();
      }
    },
  };
}

/**
 * Readiness of a booted STS: plug-ins and keys are loaded (boot would have thrown), the state backend answers,
 * and every processor with a `ready()` hook says it can serve (e.g. its directory answers).
 */
async function readiness(store: BoundedStateStore, registry: PluginRegistry): Promise<Readiness> {
  const [stateBackend, unready] = await Promise.all([
    store.ping().then(() => true, () => false),
    unreadyProcessors(registry.processors()),
  ]);
  const checks = { plugins: true, keys: true, stateBackend, processors: unready.length === 0 };
  if (!stateBackend) return { ready: false, checks, reason: 'state backend unreachable' };
  if (unready.length > 0) return { ready: false, checks, reason: `processor not ready: ${unready.join(', ')}` };
  return { ready: true, checks };
}

/** Without configured origins: the listeners' own addresses, by host and as localhost. */
function defaultOrigins(server: KernelConfig['server']): string[] {
  const tls = server.tls;
  return [
    `http://${server.host}:${server.port}`,
    `http://localhost:${server.port}`,
    ...(tls ? [`https://${tls.host ?? server.host}:${tls.port}`, `https://localhost:${tls.port}`] : []),
  ];
}

/**
 * The STS's own identifiers: incoming tokens must name one of them as audience. The token endpoint counts:
 * RFC 7523 section 3 item 3 and RFC 7522 section 3 item 2 let a grant's assertion name it.
 */
function stsIdentity(config: KernelConfig, origins: ReadonlySet<string>): StsIdentity {
  const endpoints = [...origins].flatMap((o) => [IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH, TOKEN_ENDPOINT_PATH].map((p) => `${o}${p}`));
  return Object.freeze({ entityId: config.issuer.entityId, audiences: Object.freeze([...new Set([config.issuer.entityId, ...config.issuer.audiences, ...endpoints])]) });
}

/** Connections may only name processor instances that plugins.json lists (enabled or not) and keys we have. */
function checkConnectionReferences(config: KernelConfig, registry: PluginRegistry, keys: SigningKeys, manifestFile: string): void {
  const policies: [string, readonly IssuancePolicy[]][] = [['spConnections', config.spConnections], ['idpConnections', config.idpConnections], ['tokenMappings', config.tokenMappings]];
  for (const [name, list] of policies) list.forEach((connection, i) => {
    const kid = connection.signingKeyId;
    if (kid !== undefined && !keys.all().some((k) => k.kid === kid)) {
      throw new StartupError(StartupErrorCode.CONNECTION_INVALID, `/${name}/${i}/signingKeyId: no signing key with kid ${kid}`);
    }
    connection.tokenProcessors.forEach((id, j) => {
      if (!registry.knows(id)) {
        throw new StartupError(StartupErrorCode.CONNECTION_INVALID, `/${name}/${i}/tokenProcessors/${j}: instance '${id}' is not in ${manifestFile}`);
      }
    });
  });
}
