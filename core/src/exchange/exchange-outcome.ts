/**
 * What one exchange did, known in one place ({@link TokenExchange.run}) whether it issued, validated or was
 * refused: the hook for audit, metrics and tracing. Observers must not throw; the exchange reports an
 * observer's error to the log and carries on.
 */
import type { WsTrustFaultCode } from '@sts/sdk';
import type { StsRole } from '../policy/policy-resolver.js';

export interface ExchangeOutcome {
  readonly requestId: string;
  readonly role: StsRole;
  readonly operation: 'issue' | 'validate';
  /** A validate without an issue query: only the subject token's validity was asked for. */
  readonly statusOnly: boolean;
  /** The processor instance of the subject token, and of the caller's credential when there was one. */
  readonly processorId: string;
  readonly callerProcessorId?: string;
  /** The subject the processor authenticated. */
  readonly subject?: string;
  /** A WS-Trust delegation (OnBehalfOf, ActAs): its kind and the requester, who is the issued token's actor. */
  readonly delegation?: 'on-behalf-of' | 'act-as';
  readonly actor?: string;
  /** Validate: whether the subject token is valid (for a status check an invalid token is an answer, not a fault). */
  readonly valid?: boolean;
  /** The internal reason a status check found the token invalid (log only). */
  readonly invalidReason?: string;
  /** The SP connection, IdP connection or token mapping that issued. */
  readonly connectionId?: string;
  readonly generatorId?: string;
  readonly tokenType?: string;
  readonly tokenId?: string;
  /** The fault the request was refused with; `unexpected` for an error outside the StsError family. */
  readonly fault?: WsTrustFaultCode | 'unexpected';
  /** Milliseconds spent in the processors, in the generator, and in the whole exchange. */
  readonly durations: { readonly processMs: number; readonly issueMs: number; readonly totalMs: number };
}

/** Receives every outcome. @see TokenExchange */
export type ExchangeObserver = (outcome: ExchangeOutcome) => void;
