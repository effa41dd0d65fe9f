/**
 * The tokens of an Issue request for the exchange, with or without delegation (README "Delegation (OnBehalfOf,
 * ActAs) and claims"):
 * - without: the Security header credential is the subject;
 * - with OnBehalfOf or ActAs: the Security header credential authenticates the requester (the exchange's
 *   caller, verified first, recorded as the actor), and the token inside the element is the subject, verified
 *   by its processor like any received token (signature, audience, lifetime, replay). No processor for it is
 *   wst:BadRequest, as for a ValidateTarget.
 * Both OnBehalfOf and ActAs keep both identities: the issued token's subject is the delegated identity and
 * the requester is its actor (SAML 2.0 Delegate, JWT act); they differ only in the switch that allows them.
 */
import { BadRequestError, quoteForLog, type ReceivedMessage, type RequestContext } from '@sts/sdk';
import type { ExchangeRequest } from '../exchange/exchange-request.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { presentedToken } from './presented-token.js';
import type { RstRequest } from './read-rst.js';
import { matchToken, type SecurityHeader } from './wssecurity/read-security-header.js';

export type IssueTokens = Pick<ExchangeRequest, 'subject' | 'caller' | 'delegation'>;

export function issueTokens(rst: RstRequest, security: SecurityHeader, registry: PluginRegistry, context: RequestContext, message: ReceivedMessage): IssueTokens {
  const credential = presentedToken(security.token!, 'security-header', context, message);
  const { delegation } = rst;
  if (!delegation) return { subject: credential };
  const element = delegation.token;
  const found = matchToken(element, element.namespace()?.href(), registry);
  if (!found) throw new BadRequestError(`no enabled processor accepts a ${quoteForLog(element.name())} in ${delegation.kind}`);
  return { subject: presentedToken(found, delegation.kind, context, undefined), caller: credential, delegation: delegation.kind };
}
