/**
 * Cancel (WS-Trust 1.3 section 10; WS-Trust 2005/02 section 9): the token in CancelTarget, by reference or
 * by value, is marked cancelled in the issued-token store; Validate then reports it invalid and Renew refuses
 * it. The answer is an RSTR holding wst:RequestedTokenCancelled. The Security header must carry the
 * requester's credential: only the requester recorded at issue, or an administrator, may cancel.
 */
import { InvalidRequestError } from '@sts/sdk';
import type { TokenExchange } from '../exchange/token-exchange.js';
import { presentedToken } from './presented-token.js';
import { readTokenTarget } from './read-token-target.js';
import type { TrustOperation } from './trust-operation.js';

export function cancelOperation(exchange: TokenExchange): TrustOperation {
  return {
    name: 'cancel',
    credential: 'required',
    requestAction: (version) => version.actions.cancel,
    async run({ role, rst, security, message, context, authenticated, clientFor }) {
      if (!rst.cancelTarget) throw new InvalidRequestError('Cancel needs a CancelTarget');
      const lifecycle = exchange.lifecycle;
      if (role !== 'idp' || !lifecycle) throw new InvalidRequestError('this endpoint stores no tokens to cancel');
      const target = readTokenTarget(rst.cancelTarget, 'CancelTarget');
      await lifecycle.cancel({ target, caller: presentedToken(security.token!, 'security-header', context, message), context, authenticated, ...(clientFor ? { clientFor } : {}) });
      return { cancelled: true };
    },
  };
}
