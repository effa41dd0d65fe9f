/**
 * Renew and Cancel over the issued-token store (WS-Trust 1.3 sections 8 and 10; README "Renew and Cancel"),
 * protocol-neutral like the exchange beside it: a face reads the target (by reference: the token ID; by
 * value: the ID and the digest of the token) and the requester's credential, this class does the rest.
 *
 * - Recording: a token issued on an SP connection with `tokenLifecycle.store` (or `renewing`) is recorded
 *   before it is handed out; a store that refuses fails the issue. `wst:Renewing` is honoured only as far
 *   as the connection allows, and refused (before anything is issued) beyond that.
 * - Renew and Cancel authenticate the requester's own credential first (its one-time values are recorded
 *   then, as for an Issue). Only the requester recorded at issue, or a configured administrator, may act on
 *   a token; a token that is not stored, not ours (by value: not byte-for-byte what we issued), or someone
 *   else's is `wst:InvalidRequest`, one public answer for all three so the fault is no oracle for token IDs.
 * - Renew re-issues from the record (same subject, attributes, token type, audience; a new ID and lifetime
 *   from the connection's current policy) and then moves the old record to `renewed` by compare-and-set: of
 *   two concurrent renewals one wins; the loser's new token is marked cancelled and never leaves.
 * - Validate asks {@link TokenLifecycle.revoked} for every token of ours it validates.
 */
import {
  InvalidRequestError,
  RequestFailedError,
  quoteForLog,
  UnableToRenewError,
  type IssuedToken,
  type Logger,
  type ProcessedToken,
  type RequestContext,
} from '@sts/sdk';
import type { KernelConfig, SpConnection } from '../config/kernel-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ConnectionResolver } from '../policy/connection-resolver.js';
import type { StsRole } from '../policy/policy-resolver.js';
import type { IssuedTokenRecord, IssuedTokenStore, Requester } from '../state/issued-token-store.js';
import type { IssuedResult, PresentedToken } from './exchange-request.js';
import { generatorFor } from './issue-token.js';

/** `wst:Renewing` as the client sent it (WS-Trust 1.3 section 5: Allow defaults to true, OK to false). */
export interface RenewingRequest {
  readonly allow: boolean;
  readonly ok: boolean;
}

/** The token a Renew or Cancel is about: by reference its ID, by value also the digest of what was sent. */
export interface TokenTarget {
  readonly tokenId: string;
  readonly digest?: string;
}

export interface LifecycleRequest {
  readonly target: TokenTarget;
  /** The requester's own credential (the Security header token). */
  readonly caller: PresentedToken;
  readonly context: RequestContext;
  /** Records the request's one-time values; called once the caller's credential is verified. */
  readonly authenticated?: () => Promise<void>;
  /**
   * The client authenticated as the connection of this audience requires (the face's client authentication),
   * or undefined when it requires none; throws when the request does not authenticate so.
   */
  readonly clientFor?: (audience: string) => Promise<string | undefined>;
  /** The TokenType the Renew asked for, if any: checked before anything changes, so a mismatch keeps the old token. */
  readonly tokenType?: string;
}

export interface TokenLifecycleDeps {
  readonly config: KernelConfig;
  readonly registry: PluginRegistry;
  readonly spConnections: ConnectionResolver;
  readonly store: IssuedTokenStore;
  readonly logger: Logger;
  readonly now: () => Date;
  /**
   * The digest a token presented by value must match (the face knows the token's wire form; the WS-Trust
   * face's is ws-trust/token-digest.ts).
   */
  readonly tokenDigest: (token: IssuedToken) => string;
}

export class TokenLifecycle {
  /** Whether any connection stores tokens: if none does, Validate need not ask the store. */
  private readonly anyStored: boolean;

  constructor(private readonly deps: TokenLifecycleDeps) {
    this.anyStored = deps.config.spConnections.some((c) => c.tokenLifecycle.store || c.tokenLifecycle.renewing);
  }

  /**
   * Refuses, before anything is issued, a Renewing the connection does not honour. Only SP connections
   * (the IdP STS) store tokens; elsewhere Renewing Allow is refused.
   */
  checkRenewing(role: StsRole, appliesTo: string | undefined, renewing: RenewingRequest | undefined): void {
    if (!renewing || (!renewing.allow && !renewing.ok)) return;
    const connection = role === 'idp' && appliesTo !== undefined ? this.deps.spConnections.resolve(appliesTo) : undefined;
    const lifecycle = connection?.tokenLifecycle;
    if (!lifecycle?.renewing) throw new InvalidRequestError(`Renewing asked for, but ${connection ? `connection ${connection.id}` : 'this endpoint'} issues no renewable tokens`);
    if (renewing.ok && !lifecycle.renewAfterExpiry) throw new InvalidRequestError(`Renewing OK="true" asked for, but connection ${connection!.id} does not renew after expiry`);
  }

  /** Records a token the exchange issued, when its connection stores tokens. Throws when the store refuses. */
  async recordIssued(issued: IssuedResult, requester: Requester, renewing: RenewingRequest | undefined): Promise<void> {
    const issuance = issued.issuance;
    if (!issuance || issuance.role !== 'idp') return;
    const connection = this.connection(issuance.connectionId);
    const lifecycle = connection?.tokenLifecycle;
    if (!lifecycle || !(lifecycle.store || lifecycle.renewing)) return;
    // A renewal re-issues without a proof key: a holder-of-key token (here from a connection default) is never renewable.
    const allow = lifecycle.renewing && renewing !== undefined && renewing.allow && issued.proof.type === 'bearer' && !connection.encryptAssertion;
    const record: IssuedTokenRecord = {
      tokenId: issued.token.id,
      state: 'active',
      connectionId: issuance.connectionId,
      tokenType: issuance.tokenType,
      audience: issued.audience,
      subject: issuance.subject,
      attributes: issuance.attributes,
      authnContext: issuance.authnContext,
      authnInstant: issuance.authnInstant.toISOString(),
      requester,
      created: issued.token.created.toISOString(),
      expires: issued.token.expires.toISOString(),
      renewing: { allow, ok: allow && renewing!.ok && lifecycle.renewAfterExpiry },
      graceMinutes: lifecycle.graceMinutes,
      digest: this.deps.tokenDigest(issued.token),
    };
    if (!(await this.deps.store.add(record))) throw new RequestFailedError(`token ID ${record.tokenId} is already in the issued-token store`);
  }

  /** Renews the target: a new token from its record, the old one marked renewed. */
  async renew(request: LifecycleRequest): Promise<IssuedResult> {
    const { found, requester } = await this.authorized(request);
    const { record } = found;
    if (record.state !== 'active') throw new UnableToRenewError(`token ${record.tokenId} is ${record.state}`);
    if (!record.renewing.allow) throw new UnableToRenewError(`token ${record.tokenId} was not issued renewable`);
    if (request.tokenType !== undefined && request.tokenType !== record.tokenType) {
      throw new RequestFailedError(`token ${record.tokenId} is a ${record.tokenType}; a renewal keeps the token type, and ${quoteForLog(request.tokenType)} was asked for`);
    }
    const now = this.deps.now();
    const expires = Date.parse(record.expires);
    if (now.getTime() >= expires) {
      if (!record.renewing.ok) throw new UnableToRenewError(`token ${record.tokenId} expired at ${record.expires} and was not issued with Renewing OK`);
      if (now.getTime() >= expires + record.graceMinutes * 60_000) throw new UnableToRenewError(`token ${record.tokenId} expired beyond the ${record.graceMinutes}-minute grace`);
    }
    const connection = this.connection(record.connectionId);
    if (!connection?.tokenLifecycle.renewing) throw new UnableToRenewError(`connection ${record.connectionId} no longer renews tokens`);

    // The re-issue carries no encryption (nor proof key): a connection that requires encrypted assertions
    // would get its token in clear, so its tokens are not renewed (README "Encrypted assertions").
    if (connection.encryptAssertion) throw new UnableToRenewError(`connection ${record.connectionId} requires encrypted assertions, which a renewal does not make`);
    const token = await this.reissue(record, connection, request.context, now);
    const renewed: IssuedTokenRecord = {
      ...record,
      tokenId: token.id,
      created: token.created.toISOString(),
      expires: token.expires.toISOString(),
      digest: this.deps.tokenDigest(token),
      // The connection may have been narrowed since the first issue.
      renewing: { allow: true, ok: record.renewing.ok && connection.tokenLifecycle.renewAfterExpiry },
      graceMinutes: connection.tokenLifecycle.graceMinutes,
    };
    if (!(await this.deps.store.add(renewed))) throw new RequestFailedError(`token ID ${token.id} is already in the issued-token store`);
    if (!(await this.deps.store.transition(found, { ...record, state: 'renewed', renewedTo: token.id }))) {
      const mine = await this.deps.store.find(token.id);
      if (mine) await this.deps.store.transition(mine, { ...mine.record, state: 'cancelled' });
      throw new UnableToRenewError(`token ${record.tokenId} changed while it was being renewed`);
    }
    this.deps.logger.info(
      { event: 'token.issued', requestId: request.context.requestId, operation: 'renew', policy: record.connectionId, tokenType: token.tokenType, tokenId: token.id, renewed: record.tokenId, subject: record.subject.name, requester: describe(requester) },
      'token renewed',
    );
    // Only bearer tokens are renewable (recordIssued), so the renewed one is a bearer token too.
    return { token, audience: record.audience, proof: { type: 'bearer' } };
  }

  /** Cancels the target; a second Cancel of the same token is refused. */
  async cancel(request: LifecycleRequest): Promise<void> {
    const { found, requester } = await this.authorized(request);
    const { record } = found;
    if (record.state !== 'active') throw new InvalidRequestError(`token ${record.tokenId} is already ${record.state}`);
    if (!(await this.deps.store.transition(found, { ...record, state: 'cancelled' }))) throw new InvalidRequestError(`token ${record.tokenId} changed while it was being cancelled`);
    this.deps.logger.info(
      { event: 'token.cancelled', requestId: request.context.requestId, tokenId: record.tokenId, policy: record.connectionId, subject: record.subject.name, requester: describe(requester) },
      'token cancelled',
    );
  }

  /** For Validate: why a token of ours is no longer valid (cancelled, renewed), or undefined. */
  async revoked(processed: ProcessedToken): Promise<string | undefined> {
    if (!this.anyStored || processed.tokenId === undefined || processed.issuer !== this.deps.config.issuer.entityId) return undefined;
    const found = await this.deps.store.find(processed.tokenId);
    return found && found.record.state !== 'active' ? found.record.state : undefined;
  }

  /** Authenticates the caller, finds the target, and checks the caller may act on it. */
  private async authorized(request: LifecycleRequest): Promise<{ found: NonNullable<Awaited<ReturnType<IssuedTokenStore['find']>>>; requester: Requester }> {
    const { caller, context } = request;
    const processed = await caller.processor.processor.process({ ...caller.token, purpose: 'use', context });
    await request.authenticated?.();
    const { target } = request;
    const found = await this.deps.store.find(target.tokenId);
    if (!found) throw new InvalidRequestError(`token ${target.tokenId} is not in the issued-token store`);
    if (target.digest !== undefined && target.digest !== found.record.digest) {
      throw new InvalidRequestError(`the token presented by value is not the token ${target.tokenId} we issued`);
    }
    // The client authentication the token's connection requires applies to its Renew and Cancel too.
    const clientId = request.clientFor ? await request.clientFor(found.record.audience) : context.clientId;
    const requester: Requester = { processor: caller.processor.id, subject: processed.subject, ...(clientId === undefined ? {} : { clientId }) };
    if (!sameRequester(found.record.requester, requester) && !this.isAdministrator(requester)) {
      throw new InvalidRequestError(`${describe(requester)} may not act on token ${target.tokenId} of ${describe(found.record.requester)}`);
    }
    return { found, requester };
  }

  private isAdministrator(requester: Requester): boolean {
    return this.deps.config.tokenLifecycle.administrators.some((a) => a.processor === requester.processor && a.subject === requester.subject);
  }

  private connection(id: string): SpConnection | undefined {
    return this.deps.config.spConnections.find((c) => c.id === id);
  }

  /** The generator call of issue-token.ts, from the record instead of a processed token. */
  private reissue(record: IssuedTokenRecord, connection: SpConnection, context: RequestContext, now: Date): Promise<IssuedToken> {
    const generator = generatorFor(this.deps.registry, record.tokenType);
    return generator.generator.issue({
      tokenType: record.tokenType,
      appliesTo: record.audience,
      issuer: this.deps.config.issuer.entityId,
      subject: record.subject,
      subjectConfirmation: connection.subjectConfirmation,
      attributes: record.attributes,
      authnContext: record.authnContext,
      authnInstant: new Date(record.authnInstant),
      notBefore: new Date(now.getTime() - connection.lifetime.minutesBefore * 60_000),
      notOnOrAfter: new Date(now.getTime() + connection.lifetime.minutesAfter * 60_000),
      issuedAt: now,
      ...(connection.signingKeyId === undefined ? {} : { signingKeyId: connection.signingKeyId }),
      context,
    });
  }
}

/** The same credential identity, and the same client when the token was issued to an authenticated client. */
function sameRequester(recorded: Requester, now: Requester): boolean {
  return recorded.processor === now.processor && recorded.subject === now.subject && (recorded.clientId === undefined || recorded.clientId === now.clientId);
}

function describe(r: Requester): string {
  return `${r.processor}:${r.subject}${r.clientId === undefined ? '' : ` (client ${r.clientId})`}`;
}
