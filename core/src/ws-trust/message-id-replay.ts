/**
 * A wsa:MessageID is accepted once (security-rules.md section 1 rows 26 and 29): kept for as long as a
 * Timestamp could still be fresh, so a captured request cannot be replayed while it would pass the
 * Timestamp check. Nothing is stored for a request that has not authenticated (issue 7; DESIGN.md section
 * 4 step 7):
 * - {@link MessageIdReplay.checkUnseen} only reads, and runs before the credential is verified, so a replay
 *   is refused without any work, where that lookup is the only check or saves work (see there);
 * - {@link MessageIdReplay.record} writes, and runs once the processor has verified the credential; a request
 *   that authenticates no one (a status-only Validate without a credential) records nothing;
 * - a MessageID longer than {@link MAX_MESSAGE_ID_LENGTH} is refused before it is used as a key.
 */
import { ExpiredDataError, InvalidRequestError, type StateStore, quoteForLog } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';

const NAMESPACE = 'wsa-message-id';

/** As long as any URI we accept (rst-schemas.ts); a `urn:uuid:` MessageID has 45 characters. */
export const MAX_MESSAGE_ID_LENGTH = 2048;

export class MessageIdReplay {
  private readonly ttlSeconds: number;

  constructor(
    private readonly store: StateStore,
    policy: KernelConfig['security']['timestamp'],
  ) {
    this.ttlSeconds = policy.maxAgeSeconds + policy.futureSkewSeconds;
  }

  /**
   * Before the credential is verified: refuses a MessageID over the bound, and, without recording anything,
   * one seen before when the lookup is worth its cost (a state-store read on every request: about 2 % of a
   * worker's time in `npm run bench`):
   * - a request without a credential: nothing will record its MessageID, so this is its only check;
   * - a signed message: a copy sent unchanged is refused before its signature check, which costs far more than
   *   the lookup (a copy under another MessageID is refused by the processor's replay check of the signature).
   * An unsigned request with a credential is not looked up: its sender can change the MessageID at will, so
   * refusing a copy early spares nothing a replayer could not get anyway, and {@link record} refuses the copy
   * with the same fault once the credential is verified, before anything is issued.
   */
  async checkUnseen(messageId: string, security: { readonly token?: unknown; readonly signed?: boolean }): Promise<void> {
    if (security.token !== undefined && !security.signed) {
      bounded(messageId);
      return;
    }
    await this.refuseSeen(messageId);
  }

  /**
   * Refuses a MessageID over the bound or seen before, whatever the request carries, without recording
   * anything. A batch (RequestSecurityTokenCollection) asks this before any of its RSTs runs: its copy is then
   * refused as a whole, where {@link record} would refuse each RST on its own.
   */
  async refuseSeen(messageId: string): Promise<void> {
    if ((await this.store.count(NAMESPACE, bounded(messageId))) > 0) throw seenBefore(messageId);
  }

  /** Records the MessageID; refuses one recorded meanwhile (two copies of a request in flight). */
  async record(messageId: string): Promise<void> {
    if (!(await this.store.putIfAbsent(NAMESPACE, bounded(messageId), this.ttlSeconds))) throw seenBefore(messageId);
  }
}

function bounded(messageId: string): string {
  if (messageId.length > MAX_MESSAGE_ID_LENGTH) throw new InvalidRequestError(`wsa:MessageID of ${messageId.length} characters exceeds ${MAX_MESSAGE_ID_LENGTH}`);
  return messageId;
}

function seenBefore(messageId: string): ExpiredDataError {
  return new ExpiredDataError(`wsa:MessageID ${quoteForLog(messageId)} was seen before`);
}
