/**
 * The protocol-neutral exchange (DESIGN.md sections 2 and 4 steps 7 to 9): a presented token → its processor
 * → (the request has authenticated: the face records its one-time values) → the policy → issuance criteria →
 * attribute mapping → the generator → the issued token. Faces call {@link TokenExchange.run}; it is also the
 * one place where the whole outcome of a request is known, reported to the observers (audit log, metrics).
 *
 * - A status check (validate without an issue query) hands the processor `purpose: 'status'`, so it consumes
 *   nothing one-time, and reports an invalid token as `valid: false` rather than a fault (WS-Trust 1.3 section 7).
 * - The caller's own credential, when the request has one besides the subject token, is verified first.
 * - A delegation's actor token is verified after the subject token and before the request counts as
 *   authenticated; its subject goes to the generator as the actor (RFC 8693 section 4.1).
 * - A WS-Trust delegation (OnBehalfOf, ActAs) is the other way round: the requester is the caller, verified
 *   first, and becomes the actor once the policy allows the delegation (policy/check-delegation.ts).
 * - Errors are the SDK's StsError family; the face's boundary renders them.
 */
import { InvalidSecurityTokenError, isStsError, RequestFailedError, type Logger, type ProcessedToken, type ReceivedToken, quoteForLog } from '@sts/sdk';
import { performance } from 'node:perf_hooks';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ExchangeObserver, ExchangeOutcome } from './exchange-outcome.js';
import type { ExchangeRequest, ExchangeResult, PresentedToken } from './exchange-request.js';
import { issueToken, type IssueTokenDeps } from './issue-token.js';
import type { TokenLifecycle } from './token-lifecycle.js';

export interface TokenExchangeDeps extends IssueTokenDeps {
  readonly logger: Logger;
  readonly observers: readonly ExchangeObserver[];
  /** Renew and Cancel over the issued-token store; asked whether a validated token of ours was revoked. */
  readonly lifecycle?: TokenLifecycle;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class TokenExchange {
  constructor(private readonly deps: TokenExchangeDeps) {}

  /** Renew and Cancel, when boot configured them (the WS-Trust face's operations use it). */
  get lifecycle(): TokenLifecycle | undefined {
    return this.deps.lifecycle;
  }

  async run(request: ExchangeRequest): Promise<ExchangeResult> {
    const started = performance.now();
    const statusOnly = request.operation === 'validate' && request.issue === undefined;
    const outcome: Mutable<ExchangeOutcome> = {
      requestId: request.context.requestId,
      role: request.role,
      operation: request.operation,
      statusOnly,
      processorId: request.subject.processor.id,
      ...(request.caller ? { callerProcessorId: request.caller.processor.id } : {}),
      durations: { processMs: 0, issueMs: 0, totalMs: 0 },
    };
    let processMs = 0;
    let issueMs = 0;
    const timed = async <T>(work: () => Promise<T>, add: (ms: number) => void): Promise<T> => {
      const t0 = performance.now();
      try {
        return await work();
      } finally {
        add(performance.now() - t0);
      }
    };
    try {
      checkExpectedProcessor(this.deps.registry, request);
      if (request.delegation && (request.operation !== 'issue' || !request.caller || request.actor)) {
        throw new RequestFailedError('a delegation needs an issue with the requester as caller and no other actor');
      }
      let caller: ProcessedToken | undefined;
      if (request.caller) {
        caller = await timed(() => processToken(request.caller!, 'use', request), (ms) => (processMs += ms));
        if (request.delegation) Object.assign(outcome, { delegation: request.delegation, actor: caller.subject });
        await request.authenticated?.();
      }
      let processed: ProcessedToken;
      try {
        processed = await timed(() => processToken(request.subject, statusOnly ? 'status' : 'use', request), (ms) => (processMs += ms));
      } catch (error) {
        if (!statusOnly || !isStsError(error)) throw error;
        outcome.valid = false;
        outcome.invalidReason = error.message;
        return { valid: false, reason: error.reason };
      }
      // A cancelled or renewed token of ours is no longer valid (README "Renew and Cancel").
      const revoked = await this.deps.lifecycle?.revoked(processed);
      if (revoked !== undefined) {
        const error = new InvalidSecurityTokenError(`token ${processed.tokenId ?? ''} was ${revoked}`);
        if (!statusOnly) throw error;
        outcome.valid = false;
        outcome.invalidReason = error.message;
        return { valid: false, reason: error.reason };
      }
      outcome.subject = processed.subject;
      if (request.operation === 'validate') outcome.valid = true;
      if (statusOnly) return { valid: true, processed };
      if (request.actor && request.operation !== 'issue') throw new RequestFailedError('an actor token is only taken by an issue');
      const actor = request.actor
        ? await timed(() => processToken(request.actor!, 'use', request), (ms) => (processMs += ms))
        : undefined;
      if (!request.caller) await request.authenticated?.();
      const issued = await timed(
        () => issueToken(this.deps, {
          role: request.role,
          processorId: request.subject.processor.id,
          processed,
          query: request.issue ?? {},
          ...(actor === undefined ? {} : { actor }),
          ...(request.delegation && caller ? { delegation: { kind: request.delegation, requesterProcessorId: request.caller!.processor.id, requester: caller } } : {}),
          context: request.context,
          chose: (choice) => Object.assign(outcome, choice),
        }),
        (ms) => (issueMs += ms),
      );
      outcome.tokenId = issued.token.id;
      return { valid: true, processed, issued, ...(caller ? { caller } : {}) };
    } catch (error) {
      outcome.fault = isStsError(error) ? error.faultCode : 'unexpected';
      throw error;
    } finally {
      outcome.durations = { processMs, issueMs, totalMs: performance.now() - started };
      this.report(outcome);
    }
  }

  private report(outcome: ExchangeOutcome): void {
    for (const observe of this.deps.observers) {
      try {
        observe(outcome);
      } catch (error) {
        this.deps.logger.error({ event: 'observer.error', requestId: outcome.requestId, reason: (error as Error)?.message }, 'exchange observer failed');
      }
    }
  }
}

function processToken(presented: PresentedToken, purpose: ReceivedToken['purpose'], request: ExchangeRequest): Promise<ProcessedToken> {
  return presented.processor.processor.process({ ...presented.token, purpose, context: request.context });
}

/** PingFederate's `TokenProcessorId`: the client names the processor instance it expects for its token. */
function checkExpectedProcessor(registry: PluginRegistry, request: ExchangeRequest): void {
  const expected = request.expectedProcessorId;
  if (expected === undefined || expected === request.subject.processor.id) return;
  if (registry.disabledIds.has(expected)) throw new RequestFailedError(`TokenProcessorId names token processor instance '${expected}', which is disabled in plugins.json`);
  throw new RequestFailedError(`TokenProcessorId ${quoteForLog(expected)} does not match the token (processor ${request.subject.processor.id})`);
}
