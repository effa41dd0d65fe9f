/**
 * Issuance criteria (PingFederate's "issuance criteria"; pingfederate-sts.md section 2.4): every criterion
 * must hold for some value of its attribute, or issuance is refused with the operator's error text, which is
 * the one refusal whose reason the client sees (it is configuration, not a security detail). A criterion
 * may test a request context field instead of an attribute: `clientId`, the client the WS-Trust face
 * authenticated (README "Client authentication").
 */
import { RequestFailedError, type ProcessedToken, type RequestContext } from '@sts/sdk';
import type { IssuancePolicy, IssuanceCriterion } from '../config/kernel-config.js';

const compiled = new WeakMap<IssuanceCriterion, RegExp>();

export function checkIssuanceCriteria(policy: IssuancePolicy, token: ProcessedToken, context: RequestContext): void {
  for (const criterion of policy.issuanceCriteria) {
    const values = valuesOf(criterion, token, context);
    if (!values.some((v) => holds(criterion, v))) {
      const on = criterion.context === undefined ? criterion.attribute : `context ${criterion.context}`;
      throw new RequestFailedError(`${policy.id}: issuance criterion on ${on} (${criterion.condition} ${criterion.value}) failed`, {
        publicReason: criterion.error,
      });
    }
  }
}

/** A context field without a value (no client authenticated) has no values, so its criterion fails. */
function valuesOf(criterion: IssuanceCriterion, token: ProcessedToken, context: RequestContext): readonly string[] {
  if (criterion.context !== undefined) {
    const value = context[criterion.context];
    return value === undefined ? [] : [value];
  }
  if (criterion.attribute === 'subject') return [token.subject];
  return criterion.attribute === undefined ? [] : (token.attributes[criterion.attribute] ?? []);
}

function holds(criterion: IssuanceCriterion, value: string): boolean {
  switch (criterion.condition) {
    case 'equals':
      return value === criterion.value;
    case 'contains':
      return value.includes(criterion.value);
    case 'matches': {
      let re = compiled.get(criterion);
      if (!re) {
        re = new RegExp(`^(?:${criterion.value})$`, 'u');
        compiled.set(criterion, re);
      }
      return re.test(value);
    }
  }
}
