/**
 * Boot: config → container → keys → plug-ins → kernel. The composition root (main.ts) calls it, and so do
 * the tests, each with a fresh child container; nothing here touches tsyringe's global container state.
 */
import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { pino } from 'pino';
import type Koa from 'koa';
import type { Clock, Logger, SigningKeys, StateStore, StsIdentity } from '@sts/sdk';
import { XmlCryptoSigner } from '@sts/sdk/xml';
import type { IssuancePolicy, KernelConfig } from './config/kernel-config.js';
import { StartupError, StartupErrorCode } from './errors.js';
import { TOKENS, SERVICE_REF_TOKENS } from './container/tokens.js';
import { loadSigningKeys } from './keys/load-signing-keys.js';
import { buildKernel } from './kernel.js';
import type { StsState } from './http/sts-state.js';
import { readManifest } from './plugins/manifest.js';
import { loadPlugins } from './plugins/load-plugins.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import { ConnectionResolver } from './policy/connection-resolver.js';
import { TrustOperations } from './trust/trust-operations.js';
import { PolicyResolver } from './policy/policy-resolver.js';
import { TrustedIssuerRegistry } from './policy/trusted-issuer-registry.js';
import { IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from './kernel.js';
import { createStateStore } from './state/create-state-store.js';
import type { BoundedStateStore } from './state/bounded-state-store.js';

export interface BootOptions {
  readonly config: KernelConfig;
  readonly manifestFile: string;
  /** Replacements for tests: a manual clock, a recording logger, a shared state store. */
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly stateStore?: StateStore;
}

export interface Sts {
  readonly app: Koa<StsState>;
  readonly config: KernelConfig;
  readonly registry: PluginRegistry;
  readonly container: DependencyContainer;
  readonly publicOrigins: ReadonlySet<string>;
  /** The state store; `stateStore.ping()` is the readiness check of the state backend. */
  readonly stateStore: BoundedStateStore;
  close(): Promise<void>;
}

export async function bootSts(options: BootOptions): Promise<Sts> {
  const { config } = options;
  const container = rootContainer.createChildContainer();
  const logger: Logger = options.logger ?? pino({ level: config.logging.level, base: { service: 'sts' } });
  const clock: Clock = options.clock ?? { now: () => new Date() };
  const keys = await loadSigningKeys(config.keys);
  container.register(TOKENS.config, { useValue: config });
  container.register(TOKENS.logger, { useValue: logger });
  container.register(TOKENS.clock, { useValue: clock });
  container.register(TOKENS.signingKeys, { useValue: keys });
  container.register(TOKENS.xmlSigner, { useValue: new XmlCryptoSigner(keys) });
  const stateStore = createStateStore(config.state, { clock, logger, provided: options.stateStore });
  container.register(TOKENS.stateStore, { useValue: stateStore });
  const publicOrigins = new Set(
    config.server.publicOrigins.length > 0
      ? config.server.publicOrigins
      : [`http://${config.server.host}:${config.server.port}`, `http://localhost:${config.server.port}`],
  );
  const spConnections = new ConnectionResolver(config.spConnections);
  const trustedIssuers = new TrustedIssuerRegistry(config, keys, spConnections);
  container.register(TOKENS.trustedIssuers, { useValue: trustedIssuers });
  container.register(TOKENS.stsIdentity, { useValue: stsIdentity(config, publicOrigins) });

  let registry: PluginRegistry;
  try {
    registry = await loadPlugins(readManifest(options.manifestFile), {
      logger,
      resolveService: (id) => {
        const token = SERVICE_REF_TOKENS.get(id);
        return token === undefined ? undefined : container.resolve(token);
      },
    });
    checkConnectionReferences(config, registry, keys, options.manifestFile);
  } catch (error) {
    await stateStore.close(); // a failed start leaves no open file or connection behind
    throw error;
  }
  container.register(TOKENS.registry, { useValue: registry });

  const policies = new PolicyResolver(config, spConnections, trustedIssuers);
  const operations = new TrustOperations(config, registry, policies, clock, logger);
  const app = buildKernel({ config, logger, clock, keys, stateStore, registry, operations, publicOrigins });
  const close = async (): Promise<void> => {
    try {
      await registry.close();
    } finally {
      await stateStore.close();
    }
  };
  return { app, config, registry, container, publicOrigins, stateStore, close };
}

/** The STS's own identifiers: incoming tokens must name one of them as audience. */
function stsIdentity(config: KernelConfig, origins: ReadonlySet<string>): StsIdentity {
  const endpoints = [...origins].flatMap((o) => [IDP_STS_PATH, SP_STS_PATH, TOKEN_TRANSLATOR_PATH].map((p) => `${o}${p}`));
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
