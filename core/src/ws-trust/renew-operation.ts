/**
 * Renew (WS-Trust 1.3 section 8; WS-Trust 2005/02 section 7): the token in RenewTarget, by reference or by
 * value, is renewed by the issued-token store's lifecycle (exchange/token-lifecycle.ts): a new token with the
 * same subject and attributes, a new ID and lifetime. The Security header must carry the requester's
 * credential: only the requester recorded at issue, or an administrator, may renew.
 */
import type { TokenExchange } from '../exchange/token-exchange.js';
import { lifecycleCall } from './lifecycle-call.js';
import type { TrustOperation } from './trust-operation.js';
import { checkBearerKeyType } from './trust-version.js';

export function renewOperation(exchange: TokenExchange): TrustOperation {
  return {
    name: 'renew',
    credential: 'required',
    requestAction: (version) => version.actions.renew,
    async run(call) {
      const { rst } = call;
      const { lifecycle, request } = lifecycleCall(exchange, call, { element: rst.renewTarget, name: 'RenewTarget' });
      // A renewal re-issues without a proof key (README "Proof keys"), so a Renew asking for one is refused.
      checkBearerKeyType(rst, 'Renew');
      const issued = await lifecycle.renew({ ...request, ...(rst.tokenType === undefined ? {} : { tokenType: rst.tokenType }) });
      return { token: issued.token, audience: issued.audience };
    },
  };
}
