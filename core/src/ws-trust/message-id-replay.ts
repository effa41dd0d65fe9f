/**
 * A wsa:MessageID is accepted once (security-rules.md section 1 rows 26 and 29): kept for as long as a
 * Timestamp could still be fresh, so a captured request cannot be replayed while it would pass the
 * Timestamp check.
 */
import { ExpiredDataError, type StateStore } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';

const NAMESPACE = 'wsa-message-id';

export class MessageIdReplay {
  private readonly ttlSeconds: number;

  constructor(
    private readonly store: StateStore,
    policy: KernelConfig['security']['timestamp'],
  ) {
    this.ttlSeconds = policy.maxAgeSeconds + policy.futureSkewSeconds;
  }

  /** Records the MessageID; refuses one seen before. */
  async record(messageId: string): Promise<void> {
    if (!(await this.store.putIfAbsent(NAMESPACE, messageId, this.ttlSeconds))) throw new ExpiredDataError(`wsa:MessageID ${messageId} was seen before`);
  }
}
