/**
 * Issuance criteria (PingFederate's "issuance criteria"; pingfederate-sts.md section 2.4): every criterion
 * must hold for some value of its attribute, or issuance is refused with the operator's error text, which is
 * the one refusal whose reason the client sees (it is configuration, not a security detail).
 */
import { RequestFailedError, type ProcessedToken } from '@sts/sdk';
import type { IssuancePolicy, IssuanceCriterion } from '../config/kernel-config.js';

const compiled = new WeakMap<IssuanceCriterion, RegExp>();

export function checkIssuanceCriteria(policy: IssuancePolicy, token: ProcessedToken): void {
  for (const criterion of policy.issuanceCriteria) {
    const values = criterion.attribute === 'subject' ? [token.subject] : (token.attributes[criterion.attribute] ?? []);
    if (!values.some((v) => holds(criterion, v))) {
      throw new RequestFailedError(`${policy.id}: issuance criterion on ${criterion.attribute} (${criterion.condition} ${criterion.value}) failed`, {
        publicReason: criterion.error,
      });
    }
  }
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
