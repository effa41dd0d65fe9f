/**
 * One WS-Trust operation (WS-Trust 1.3 sections 4 to 10), an entry in the RequestType → operation map that
 * the endpoint dispatches on (see trust-operations.ts): Renew and Cancel slot in as further entries.
 */
import type { ReceivedMessage, RequestContext } from '@sts/sdk';
import type { StsRole } from '../policy/policy-resolver.js';
import type { RstRequest } from './read-rst.js';
import type { TrustVersion } from './trust-version.js';
import type { TrustResponseInput } from './write-trust-response.js';
import type { SecurityHeader } from './wssecurity/read-security-header.js';

/** What the endpoint hands an operation once the envelope, the RST and the Security header are read. */
export interface TrustCall {
  readonly role: StsRole;
  readonly rst: RstRequest;
  readonly security: SecurityHeader;
  /** The whole request, for a processor that verifies a message signature with its token's key. */
  readonly message: ReceivedMessage;
  readonly context: RequestContext;
  /** `?TokenProcessorId=` on the endpoint URL (PingFederate): the processor instance the client expects. */
  readonly tokenProcessorId?: string;
  /** Records the request's one-time values; the exchange calls it once the request has authenticated. */
  readonly authenticated: () => Promise<void>;
  /** Client authentication as the SP connection of an AppliesTo requires it (Renew and Cancel: the token's). */
  readonly clientFor?: (appliesTo: string) => Promise<string | undefined>;
}

/** The part of the RSTR an operation decides; the endpoint adds the version, Context and RelatesTo. */
export type TrustAnswer = Pick<TrustResponseInput, 'token' | 'audience' | 'status' | 'proof' | 'cancelled'>;

export interface TrustOperation {
  /** The key of the operation in {@link TrustVersion.requestTypes} and `actions`. */
  readonly name: 'issue' | 'validate' | 'renew' | 'cancel';
  /** Whether the Security header must carry a credential (Issue, Renew, Cancel) or may (Validate, WS-Trust 1.3 section 7). */
  readonly credential: 'required' | 'optional';
  /** The wsa:Action a request of this type carries in this version (WS-Trust 1.3 section 4.1, 7). */
  requestAction(version: TrustVersion): string;
  run(call: TrustCall): Promise<TrustAnswer>;
}
