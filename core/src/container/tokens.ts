/**
 * Injection tokens of the core services. tsyringe lives in core/ only; plug-ins reach these services
 * through the SDK service refs, mapped in {@link SERVICE_REF_TOKENS}.
 */
import type { InjectionToken } from 'tsyringe';
import { services, type Clock, type Logger, type SigningKeys, type StateStore, type StsIdentity, type TrustedIssuers, type XmlSigner } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

export const TOKENS = {
  config: Symbol('KernelConfig') as InjectionToken<KernelConfig>,
  logger: Symbol('Logger') as InjectionToken<Logger>,
  clock: Symbol('Clock') as InjectionToken<Clock>,
  signingKeys: Symbol('SigningKeys') as InjectionToken<SigningKeys>,
  xmlSigner: Symbol('XmlSigner') as InjectionToken<XmlSigner>,
  stateStore: Symbol('StateStore') as InjectionToken<StateStore>,
  registry: Symbol('PluginRegistry') as InjectionToken<PluginRegistry>,
  trustedIssuers: Symbol('TrustedIssuers') as InjectionToken<TrustedIssuers>,
  stsIdentity: Symbol('StsIdentity') as InjectionToken<StsIdentity>,
} as const;

/** SDK service-ref id → the token that provides it. */
export const SERVICE_REF_TOKENS: ReadonlyMap<string, InjectionToken<unknown>> = new Map<string, InjectionToken<unknown>>([
  [services.logger.id, TOKENS.logger],
  [services.clock.id, TOKENS.clock],
  [services.signingKeys.id, TOKENS.signingKeys],
  [services.xmlSigner.id, TOKENS.xmlSigner],
  [services.stateStore.id, TOKENS.stateStore],
  [services.trustedIssuers.id, TOKENS.trustedIssuers],
  [services.stsIdentity.id, TOKENS.stsIdentity],
]);
