/**
 * What Renew and Cancel share (WS-Trust 1.3 sections 8 and 10): the target element must be there, only the IdP
 * STS stores tokens, and the lifecycle gets the target (by reference or by value, read-token-target.ts), the
 * requester's own Security-header credential, the request context, and the client authentication of the
 * stored token's connection.
 */
import { InvalidRequestError } from '@sts/sdk';
import type { TokenExchange } from '../exchange/token-exchange.js';
import type { LifecycleRequest, TokenLifecycle } from '../exchange/token-lifecycle.js';
import { presentedToken } from './presented-token.js';
import { readTokenTarget } from './read-token-target.js';
import type { TrustCall } from './trust-operation.js';
import type { XmlDomElement } from '@sts/sdk/xml';

export function lifecycleCall(
  exchange: TokenExchange,
  call: TrustCall,
  target: { readonly element: XmlDomElement | undefined; readonly name: 'RenewTarget' | 'CancelTarget' },
): { readonly lifecycle: TokenLifecycle; readonly request: LifecycleRequest } {
  const operation = target.name === 'RenewTarget' ? 'Renew' : 'Cancel';
  if (!target.element) throw new InvalidRequestError(`${operation} needs a ${target.name}`);
  const lifecycle = exchange.lifecycle;
  if (call.role !== 'idp' || !lifecycle) throw new InvalidRequestError(`this endpoint stores no tokens to ${operation.toLowerCase()}`);
  const { security, context, message, authenticated, clientFor } = call;
  return {
    lifecycle,
    request: {
      target: readTokenTarget(target.element, target.name),
      caller: presentedToken(security.token!, 'security-header', context, message),
      context,
      authenticated,
      ...(clientFor ? { clientFor } : {}),
    },
  };
}
