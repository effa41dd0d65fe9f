/**
 * `POST /as/token.oauth2` after the front door (DESIGN.md section 4, for the OAuth face):
 * 1. client authentication (invalid_client), then the grant type: known (unsupported_grant_type) and allowed
 *    to the client (unauthorized_client), RFC 6749 section 5.2;
 * 2. the grant's parameters through the client's token-exchange policy (read-grant.ts), the scope against
 *    the client's (invalid_scope), the audience or resource against the SP connections (invalid_target,
 *    RFC 8693 section 2.2.2);
 * 3. the protocol-neutral exchange with the policy's processor and generator; a refusal before the subject
 *    token was accepted is invalid_grant, one by the connection's policy after it is invalid_target
 *    (a token type the connection does not allow) or invalid_grant; a server-side failure is server_error;
 * 4. the RFC 8693 section 2.2.1 response (write-token-response.ts).
 */
import type { Middleware } from 'koa';
import { isStsError, type Clock, type ReceivedToken, quoteForLog } from '@sts/sdk';
import type { PresentedToken } from '../exchange/exchange-request.js';
import type { TokenExchange } from '../exchange/token-exchange.js';
import type { ConnectionResolver } from '../policy/connection-resolver.js';
import type { ExchangePolicies } from './exchange-policies.js';
import { isGrantType } from '../config/grant-types.js';
import type { OAuthClients } from './oauth-clients.js';
import { OAuthError } from './oauth-error.js';
import { BASE64URL_TOKEN_TYPES } from './oauth-token-types.js';
import { readGrant, type PresentedOAuthToken } from './read-grant.js';
import { required, type FormState } from './read-form.js';
import { writeTokenResponse } from './write-token-response.js';

export interface TokenEndpointDeps {
  readonly clients: OAuthClients;
  readonly policies: ExchangePolicies;
  readonly connections: ConnectionResolver;
  readonly exchange: TokenExchange;
  readonly clock: Clock;
}

export function tokenEndpoint(deps: TokenEndpointDeps): Middleware<FormState> {
  return async (ctx) => {
    const { form, context } = ctx.state;
    ctx.state.operation = 'token';
    const client = await deps.clients.authenticate({ authorization: ctx.get('authorization') || undefined, form, now: deps.clock.now() });
    const grantType = required(form, 'grant_type');
    if (!isGrantType(grantType)) throw new OAuthError('unsupported_grant_type', 'The grant type is not supported');
    if (!client.grantTypes.includes(grantType)) throw new OAuthError('unauthorized_client', 'The client may not use this grant type', { detail: `client ${client.clientId} may not use ${grantType}` });
    const policy = deps.policies.policy(client.policy);
    const grant = readGrant(grantType, form, policy, deps.policies);
    if (grant.scope?.some((s) => !client.scopes.includes(s))) throw new OAuthError('invalid_scope', 'The scope is not allowed for this client');
    const audience = resolveTarget(deps.connections, grant.targets);

    let accepted = false;
    let result;
    try {
      result = await deps.exchange.run({
        role: 'idp',
        operation: 'issue',
        subject: presented(grant.subject, context),
        ...(grant.actor === undefined ? {} : { actor: presented(grant.actor, context) }),
        issue: { tokenType: grant.requested.tokenType, audience, clientId: client.clientId, ...(grant.scope === undefined ? {} : { scope: grant.scope }) },
        context,
        authenticated: async () => {
          accepted = true;
        },
      });
    } catch (error) {
      throw refusal(error, accepted);
    }
    if (!result.valid || !result.issued) throw new Error('the exchange of a grant returned no token');
    writeTokenResponse(ctx, { issued: result.issued.token, issuedTokenType: grant.requested.oauthType, now: deps.clock.now(), ...(grant.scope === undefined ? {} : { scope: grant.scope }) });
  };
}

/** Every named target must select the same SP connection (the token has one audience): the first is it. */
function resolveTarget(connections: ConnectionResolver, targets: readonly string[]): string {
  const selected = targets.map((t) => connections.resolve(t));
  if (selected.some((c) => c === undefined) || new Set(selected).size !== 1) {
    throw new OAuthError('invalid_target', 'No partner accepts tokens for the audience or resource', { detail: `no single SP connection for ${targets.map((t) => quoteForLog(t)).join(', ')}` });
  }
  return targets[0]!;
}

/**
 * The value object the processor gets. RFC 8693 section 3: a SAML assertion travels base64url-encoded and
 * reaches the processor as XML; any other token (JWT, access token) as its text, its token type standing
 * in for the BinarySecurityToken ValueType that the WS-Trust face would pass.
 */
function presented(token: PresentedOAuthToken, context: ReceivedToken['context']): PresentedToken {
  const { route, value } = token;
  if (BASE64URL_TOKEN_TYPES.has(route.oauthType)) {
    if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) throw new OAuthError('invalid_grant', 'The token is invalid', { detail: 'a SAML token that is not base64url' });
    return { processor: route.processor, token: { tokenType: route.tokenType, xml: Buffer.from(value, 'base64url').toString('utf8'), context } };
  }
  return { processor: route.processor, token: { tokenType: route.tokenType, valueType: route.tokenType, text: value, context } };
}

function refusal(error: unknown, accepted: boolean): unknown {
  if (!isStsError(error) || !error.sender) return error; // the boundary answers server_error
  if (!accepted) return new OAuthError('invalid_grant', 'The token is invalid, expired, or not accepted', { detail: error.message, cause: error });
  if (error.faultCode === 'BadRequest') return new OAuthError('invalid_target', 'The partner does not accept the requested token type', { detail: error.message, cause: error });
  return new OAuthError('invalid_grant', 'The grant does not meet the partner\'s policy', { detail: error.message, cause: error });
}
