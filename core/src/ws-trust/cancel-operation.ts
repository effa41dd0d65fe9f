/**
 * Cancel (WS-Trust 1.3 section 10; WS-Trust 2005/02 section 9): the token in CancelTarget, by reference or
 * by value, is marked cancelled in the issued-token store; Validate then reports it invalid and Renew refuses
 * it. The answer is an RSTR holding wst:RequestedTokenCancelled. The Security header must carry the
 * requester's credential: only the requester recorded at issue, or an administrator, may cancel.
 */
import type { TokenExchange } from '../exchange/token-exchange.js';
import { lifecycleCall } from './lifecycle-call.js';
import type { TrustOperation } from './trust-operation.js';

export function cancelOperation(exchange: TokenExchange): TrustOperation {
  return {
    name: 'cancel',
    credential: 'required',
    requestAction: (version) => version.actions.cancel,
    async run(call) {
      const { lifecycle, request } = lifecycleCall(exchange, call, { element: call.rst.cancelTarget, name: 'CancelTarget' });
      await lifecycle.cancel(request);
      return { cancelled: true };
    },
  };
}
