/**
 * What the kernel hands each face (ws-trust, oauth): the config, the shared services, the plug-in registry
 * and the protocol-neutral exchange. A face builds its own routes, front door and error boundary from them.
 */
import type { Clock, Logger, SigningKeys, StateStore } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import type { TokenExchange } from '../exchange/token-exchange.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

export interface FaceParts {
  readonly config: KernelConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly stateStore: StateStore;
  /** The STS signing keys (the OAuth face checks its own access tokens with their public halves). */
  readonly keys: SigningKeys;
  readonly registry: PluginRegistry;
  readonly exchange: TokenExchange;
  /** Origins (scheme://host:port) under which clients reach us. */
  readonly publicOrigins: ReadonlySet<string>;
}
