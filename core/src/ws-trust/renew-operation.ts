/**
 * Renew (WS-Trust 1.3 section 8; WS-Trust 2005/02 section 7): the token in RenewTarget, by reference or by
 * value, is renewed by the issued-token store's lifecycle (exchange/token-lifecycle.ts): a new token with the
 * same subject and attributes, a new ID and lifetime. The Security header must carry the requester's
 * credential: only the requester recorded at issue, or an administrator, may renew.
 */
import { InvalidRequestError } from '@sts/sdk';
import type { TokenExchange } from '../exchange/token-exchange.js';
import { presentedToken } from './presented-token.js';
import { readTokenTarget } from './read-token-target.js';
import type { TrustOperation } from './trust-operation.js';
import { checkBearerKeyType } from './trust-version.js';

export function renewOperation(exchange: TokenExchange): TrustOperation {
  return {
    name: 'renew',
    credential: 'required',
    requestAction: (version) => version.actions.renew,
    async run({ role, rst, security, message, context, authenticated, clientFor }) {
      if (!rst.renewTarget) throw new InvalidRequestError('Renew needs a RenewTarget');
      checkBearerKeyType(rst);
      const lifecycle = exchange.lifecycle;
      if (role !== 'idp' || !lifecycle) throw new InvalidRequestError('this endpoint stores no tokens to renew');
      const target = readTokenTarget(rst.renewTarget, 'RenewTarget');
      const issued = await lifecycle.renew({
        target,
        caller: presentedToken(security.token!, 'security-header', context, message),
        context,
        authenticated,
        ...(clientFor ? { clientFor } : {}),
        ...(rst.tokenType === undefined ? {} : { tokenType: rst.tokenType }),
      });
      return { token: issued.token, audience: issued.audience };
    },
  };
}
