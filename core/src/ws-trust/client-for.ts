/**
 * Client authentication of one request (client-authentication.ts) as a function of the AppliesTo: the endpoint's
 * requirement, plus the SP connection's that the AppliesTo selects. An Issue asks it for its own AppliesTo; a
 * Renew or Cancel for the audience of the stored token (README "Renew and Cancel"); a batch for each RST.
 */
import type { ParameterizedContext } from 'koa';
import type { StsRole } from '../policy/policy-resolver.js';
import type { SoapRequestState } from './soap/read-soap-request.js';
import type { WsTrustEndpointDeps } from './ws-trust-endpoint-deps.js';

/** Client authentication of this request, as the endpoint and the SP connection of an AppliesTo require it. */
export function clientAuthentication(ctx: ParameterizedContext<SoapRequestState>, role: StsRole, deps: WsTrustEndpointDeps): (appliesTo?: string) => Promise<string | undefined> {
  return (appliesTo) =>
    deps.clients.authenticate({
      role,
      ...(appliesTo === undefined ? {} : { appliesTo }),
      ...(ctx.get('authorization') === '' ? {} : { authorization: ctx.get('authorization') }),
      socket: ctx.req.socket,
      now: deps.clock.now(),
    });
}

