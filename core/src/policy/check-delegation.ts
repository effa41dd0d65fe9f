/**
 * Whether a delegation may go ahead for the connection (README "Delegation (OnBehalfOf, ActAs) and claims"):
 * the connection has a `delegation` block allowing the kind (OnBehalfOf or ActAs), the requester (the request's
 * own Security header credential, already verified by its processor) is on its `requesters` list, and the
 * delegated token (already verified by its processor) matches `subjects` when that list is there.
 *
 * A refusal is wst:RequestFailed, as Apache CXF answers when no TokenDelegationHandler allows a delegation
 * (AbstractOperation.performDelegationHandling, peer-sts.md section 1.2 step 4): both credentials did
 * authenticate (FailedAuthentication would say otherwise), the request is well formed (not InvalidRequest),
 * and the policy of this STS refuses it. The reason goes to the log only.
 */
import { RequestFailedError, quoteForLog, type ProcessedToken } from '@sts/sdk';
import type { DelegationConfig } from '../config/delegation-config.js';
import type { IssuancePolicy } from '../config/kernel-config.js';

/** A delegation of the request: who asks (the requester) and how. The delegated token is the subject. */
export interface Delegation {
  readonly kind: 'on-behalf-of' | 'act-as';
  readonly requesterProcessorId: string;
  readonly requester: ProcessedToken;
}

/** Which config switch allows each kind (dispatch by a map). */
const ALLOWED_BY: Readonly<Record<Delegation['kind'], (d: DelegationConfig) => boolean>> = {
  'on-behalf-of': (d) => d.onBehalfOf,
  'act-as': (d) => d.actAs,
};

export function checkDelegation(policy: IssuancePolicy, delegation: Delegation, subjectProcessorId: string, subject: ProcessedToken): void {
  const config = 'delegation' in policy ? (policy.delegation as DelegationConfig | undefined) : undefined;
  if (!config) throw new RequestFailedError(`${policy.id} allows no delegation (${delegation.kind})`);
  if (!ALLOWED_BY[delegation.kind](config)) throw new RequestFailedError(`${policy.id} does not allow ${delegation.kind}`);
  const { requester, requesterProcessorId } = delegation;
  if (!config.requesters.some((r) => r.processor === requesterProcessorId && r.subject === requester.subject)) {
    throw new RequestFailedError(`${policy.id}: requester ${quoteForLog(requester.subject)} (processor ${requesterProcessorId}) may not delegate`);
  }
  if (config.subjects && !config.subjects.some((s) => s.processor === subjectProcessorId && (s.subject === undefined || s.subject === subject.subject) && (s.issuer === undefined || s.issuer === subject.issuer))) {
    throw new RequestFailedError(`${policy.id}: no delegation for subject ${quoteForLog(subject.subject)} of processor ${subjectProcessorId}`);
  }
  // A token that itself records a delegation (RFC 8693 act) would make a chain: refused (issue 11 "nested").
  if (subject.actor !== undefined) throw new RequestFailedError(`${policy.id}: the delegated token itself carries a delegation (actor ${quoteForLog(subject.actor.subject)})`);
}
