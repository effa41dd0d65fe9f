/**
 * Narrows the mapped attributes to the claims a request asks for (WS-Trust 1.3 section 4.1 Claims, identity
 * dialect; README "Delegation (OnBehalfOf, ActAs) and claims"). A ClaimType Uri names a contract attribute
 * through the connection's `claimTypes`, or directly by its name. The contract stays the ceiling: a claim can
 * only select attributes the connection issues anyway.
 * - a required claim naming no contract attribute: wst:InvalidRequest (the request asks for what this
 *   connection can never issue); an optional one is ignored;
 * - a required claim whose attribute has no value for this subject: wst:RequestFailed;
 * - attributes no claim names are left out; the order stays the contract's.
 */
import { InvalidRequestError, RequestFailedError, quoteForLog, type Attributes } from '@sts/sdk';
import type { ClaimTypeMapping } from '../config/delegation-config.js';
import type { IssuancePolicy } from '../config/kernel-config.js';

export interface ClaimRequest {
  readonly uri: string;
  readonly optional: boolean;
}

export function narrowToClaims(policy: IssuancePolicy, attributes: Attributes, claims: readonly ClaimRequest[]): Attributes {
  const claimTypes = 'claimTypes' in policy ? (policy.claimTypes as readonly ClaimTypeMapping[]) : [];
  const contract = new Set(policy.attributeContract.map((a) => a.name));
  const selected = new Set<string>();
  for (const claim of claims) {
    const names = [...claimTypes.filter((c) => c.uri === claim.uri).map((c) => c.attribute), ...(contract.has(claim.uri) ? [claim.uri] : [])];
    if (names.length === 0) {
      if (claim.optional) continue;
      throw new InvalidRequestError(`${policy.id} cannot issue the required claim ${quoteForLog(claim.uri)}`);
    }
    if (!claim.optional && !names.some((n) => (attributes[n]?.length ?? 0) > 0)) {
      throw new RequestFailedError(`${policy.id}: the required claim ${quoteForLog(claim.uri)} has no value for this subject`);
    }
    names.forEach((n) => selected.add(n));
  }
  return Object.freeze(Object.fromEntries(Object.entries(attributes).filter(([name]) => selected.has(name))));
}
