/**
 * The issued-token store (README "Renew and Cancel"; WS-Trust 1.3 sections 8 and 10): one record per token
 * issued on a connection that stores its tokens, keyed by token ID, holding what a renewal re-issues from
 * (subject, attributes, token type, connection, audience) and what Renew and Cancel check (the requester
 * recorded at issue, the lifetime, the Renewing flags, the digest of the token as issued, the state).
 *
 * A record lives until the token's expiry plus the connection's grace; state changes (active → cancelled,
 * active → renewed) are compare-and-set, so of two concurrent Cancels or Renews of one token exactly one wins,
 * on any backend and across processes.
 */
import type { Attributes } from '@sts/sdk';
import type { RecordStore } from './record-store.js';

const NAMESPACE = 'issued-token';

export type IssuedTokenState = 'active' | 'cancelled' | 'renewed';

/**
 * Who asked for the token: the processor instance that authenticated the credential, and its subject; and the
 * WS-Trust client that client authentication identified, when there was one.
 */
export interface Requester {
  readonly processor: string;
  readonly subject: string;
  readonly clientId?: string;
}

export interface IssuedTokenRecord {
  readonly tokenId: string;
  readonly state: IssuedTokenState;
  readonly connectionId: string;
  readonly tokenType: string;
  readonly audience: string;
  readonly subject: { readonly name: string; readonly format: string };
  readonly attributes: Attributes;
  readonly authnContext: string;
  /** ISO 8601. */
  readonly authnInstant: string;
  readonly requester: Requester;
  readonly created: string;
  readonly expires: string;
  /** wst:Renewing as granted at issue: Allow (renewable) and OK (renewable within the grace after expiry). */
  readonly renewing: { readonly allow: boolean; readonly ok: boolean };
  readonly graceMinutes: number;
  /** SHA-256 of the token as issued (token-digest.ts): a token presented by value must match it. */
  readonly digest: string;
  /** The ID of the token that replaced this one (state renewed). */
  readonly renewedTo?: string;
}

export class IssuedTokenStore {
  constructor(
    private readonly store: RecordStore,
    private readonly now: () => Date,
  ) {}

  /** Stores a new record; false when a record with this token ID is already there (a generator bug). */
  add(record: IssuedTokenRecord): Promise<boolean> {
    return this.store.putRecord(NAMESPACE, record.tokenId, JSON.stringify(record), this.ttlSeconds(record));
  }

  async find(tokenId: string): Promise<{ readonly record: IssuedTokenRecord; readonly text: string } | undefined> {
    const text = await this.store.getRecord(NAMESPACE, tokenId);
    return text === undefined ? undefined : { record: JSON.parse(text) as IssuedTokenRecord, text };
  }

  /** Moves a record found as `text` to a new state; false when another request changed it first. */
  transition(found: { readonly record: IssuedTokenRecord; readonly text: string }, next: IssuedTokenRecord): Promise<boolean> {
    return this.store.replaceRecord(NAMESPACE, found.record.tokenId, found.text, JSON.stringify(next), this.ttlSeconds(next));
  }

  /** Until the token's expiry plus its grace, so a renewal after expiry still finds it; at least a second. */
  private ttlSeconds(record: IssuedTokenRecord): number {
    const until = Date.parse(record.expires) + record.graceMinutes * 60_000;
    return Math.max(1, (until - this.now().getTime()) / 1000);
  }
}
