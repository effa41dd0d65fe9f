/**
 * Reads a grant's parameters into what the exchange needs, refusing with the RFC 6749 section 5.2 code:
 * - token exchange (RFC 8693 section 2.1): subject_token and subject_token_type required; actor_token_type
 *   exactly when actor_token is there; an actor only when the policy takes actor tokens (delegation);
 *   requested_token_type one the policy maps to a generator;
 * - jwt-bearer (RFC 7523 section 2.1) and saml2-bearer (RFC 7522 section 2.1): `assertion` in, an access
 *   token out; the target from `resource` (RFC 8707) or the policy's default audience.
 */
import { quoteForLog } from '@sts/sdk';
import type { TokenExchangePolicy } from '../config/oauth-config.js';
import type { ExchangePolicies, GeneratorRoute, ProcessorRoute } from './exchange-policies.js';
import { GrantType } from '../config/grant-types.js';
import { OAuthError } from './oauth-error.js';
import { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, SAML2_TOKEN_TYPE } from './oauth-token-types.js';
import { optional, required, type FormParameters } from './read-form.js';

export interface PresentedOAuthToken {
  readonly route: ProcessorRoute;
  /** The token as sent (a JWT, or base64url of a SAML assertion). */
  readonly value: string;
}

export interface GrantRequest {
  readonly subject: PresentedOAuthToken;
  readonly actor?: PresentedOAuthToken;
  readonly requested: GeneratorRoute;
  /** The partner the token is for: audience, else resource, else the policy's default. */
  readonly targets: readonly string[];
  readonly scope?: readonly string[];
}

export function readGrant(grantType: GrantType, form: FormParameters, policy: TokenExchangePolicy, policies: ExchangePolicies): GrantRequest {
  const scope = readScope(form);
  if (grantType === GrantType.TokenExchange) return readTokenExchange(form, policy, policies, scope);
  const assertion = required(form, 'assertion');
  const subjectType = grantType === GrantType.JwtBearer ? JWT_TOKEN_TYPE : SAML2_TOKEN_TYPE;
  const route = policies.processorFor(policy.subjectTokens, subjectType, 'assertion')!; // checked at boot for the clients allowed the grant
  return {
    subject: { route, value: assertion },
    requested: policies.generatorFor(policy, ACCESS_TOKEN_TYPE)!, // checked at boot as well
    targets: targets(form, policy, false),
    ...(scope === undefined ? {} : { scope }),
  };
}

function readTokenExchange(form: FormParameters, policy: TokenExchangePolicy, policies: ExchangePolicies, scope: readonly string[] | undefined): GrantRequest {
  const subjectToken = required(form, 'subject_token');
  const subjectType = required(form, 'subject_token_type');
  const subjectRoute = policies.processorFor(policy.subjectTokens, subjectType, 'subject_token_type');
  if (!subjectRoute) throw new OAuthError('invalid_request', 'The subject_token_type is not supported', { detail: `policy ${policy.id} takes no subject token of type ${quoteForLog(subjectType)}` });

  const actorToken = optional(form, 'actor_token');
  const actorType = optional(form, 'actor_token_type');
  if ((actorToken === undefined) !== (actorType === undefined)) throw new OAuthError('invalid_request', 'actor_token and actor_token_type go together');
  let actor: PresentedOAuthToken | undefined;
  if (actorToken !== undefined) {
    // RFC 8693 section 2.2.2: an actor token the policy does not accept is an invalid request.
    if (policy.actorTokens.length === 0) throw new OAuthError('invalid_request', 'Delegation is not allowed', { detail: `policy ${policy.id} takes no actor token` });
    const route = policies.processorFor(policy.actorTokens, actorType!, 'actor_token_type');
    if (!route) throw new OAuthError('invalid_request', 'The actor_token_type is not supported', { detail: `policy ${policy.id} takes no actor token of type ${quoteForLog(actorType!)}` });
    actor = { route, value: actorToken };
  }

  const requestedType = optional(form, 'requested_token_type') ?? policy.defaultRequestedTokenType;
  const requested = policies.generatorFor(policy, requestedType);
  if (!requested) throw new OAuthError('invalid_request', 'The requested_token_type is not supported', { detail: `policy ${policy.id} issues no ${quoteForLog(requestedType)}` });
  return {
    subject: { route: subjectRoute, value: subjectToken },
    ...(actor === undefined ? {} : { actor }),
    requested,
    targets: targets(form, policy, true),
    ...(scope === undefined ? {} : { scope }),
  };
}

/** RFC 8693 section 2.1: audience and resource name the target; RFC 8707 section 2: resource is an absolute URI. */
function targets(form: FormParameters, policy: TokenExchangePolicy, audienceAllowed: boolean): string[] {
  const audience = audienceAllowed ? optional(form, 'audience') : undefined;
  const resource = optional(form, 'resource');
  if (resource !== undefined && (!URL.canParse(resource) || resource.includes('#'))) {
    throw new OAuthError('invalid_target', 'The resource is not an absolute URI without a fragment');
  }
  const named = [audience, resource].filter((t): t is string => t !== undefined);
  if (named.length > 0) return named;
  if (policy.defaultAudience !== undefined) return [policy.defaultAudience];
  throw new OAuthError('invalid_request', 'The audience or resource parameter is missing');
}

/** RFC 6749 section 3.3: space-delimited scope tokens of %x21 / %x23-5B / %x5D-7E. */
function readScope(form: FormParameters): readonly string[] | undefined {
  const scope = optional(form, 'scope');
  if (scope === undefined) return undefined;
  const values = scope.split(' ');
  if (values.some((v) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(v))) throw new OAuthError('invalid_scope', 'The scope is malformed');
  return [...new Set(values)];
}
