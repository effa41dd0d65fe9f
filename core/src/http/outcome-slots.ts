/**
 * Hands the exchange's outcome of a request to the middleware that audits and counts the request as a whole:
 * the exchange reports it (as an observer) while the request runs, keyed by request id, and the middleware
 * takes it when the response is done. Every request that put an outcome also takes it, so nothing is kept.
 */
import type { ExchangeObserver, ExchangeOutcome } from '../exchange/exchange-outcome.js';

export class OutcomeSlots {
  private readonly slots = new Map<string, ExchangeOutcome>();

  readonly observer: ExchangeObserver = (outcome) => {
    this.slots.set(outcome.requestId, outcome);
  };

  take(requestId: string): ExchangeOutcome | undefined {
    const outcome = this.slots.get(requestId);
    this.slots.delete(requestId);
    return outcome;
  }
}
