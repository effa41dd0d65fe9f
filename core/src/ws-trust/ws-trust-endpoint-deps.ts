/** What a WS-Trust endpoint runs with (ws-trust-endpoint.ts), apart so that the batch and client-authentication helpers it calls can name it without a circle. */
import type { Clock, Logger } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import type { WsTrustClientAuthenticator } from './client-authentication.js';
import type { MessageIdReplay } from './message-id-replay.js';
import type { TrustOperations } from './trust-operations.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

export interface WsTrustEndpointDeps {
  readonly config: KernelConfig;
  readonly logger: Logger;
  readonly registry: PluginRegistry;
  readonly operations: TrustOperations;
  readonly messageIds: MessageIdReplay;
  readonly clients: WsTrustClientAuthenticator;
  readonly clock: Clock;
  /** Origins (scheme://host:port) under which clients reach us. */
  readonly publicOrigins: ReadonlySet<string>;
}
