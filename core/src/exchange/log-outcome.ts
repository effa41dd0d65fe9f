/**
 * The server-log records of an exchange (README "What a request goes through"; the separate audit log is
 * written per request by http/observe-requests.ts): `token.validated` for every
 * validated subject token (valid or, for a status check, invalid), `token.issued` for every issued token. Refusals
 * are logged once, as `request.refused`, by the face's error boundary, which knows the wire fault.
 */
import type { Logger } from '@sts/sdk';
import type { ExchangeObserver } from './exchange-outcome.js';

export function logOutcome(logger: Logger): ExchangeObserver {
  return (o) => {
    if (o.operation === 'validate' && o.valid !== undefined) {
      logger.info(
        { event: 'token.validated', requestId: o.requestId, processor: o.processorId, valid: o.valid, ...(o.valid ? { subject: o.subject } : { reason: o.invalidReason }) },
        o.valid ? 'token valid' : 'token invalid',
      );
    }
    if (o.tokenId !== undefined) {
      logger.info(
        { event: 'token.issued', requestId: o.requestId, role: o.role, policy: o.connectionId, processor: o.processorId, generator: o.generatorId, tokenType: o.tokenType, tokenId: o.tokenId, subject: o.subject, ...(o.actor === undefined ? {} : { delegation: o.delegation, actor: o.actor }) },
        'token issued',
      );
    }
  };
}
