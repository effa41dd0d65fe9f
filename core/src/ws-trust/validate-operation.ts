/**
 * Validate (WS-Trust 1.3 section 7): the token in ValidateTarget is the subject token. With the Status
 * TokenType (or none) only its validity is reported, in wst:Status; with another TokenType it is exchanged
 * for a new token. A credential in the Security header is optional, and verified first when sent.
 */
import { BadRequestError, InvalidRequestError, quoteForLog } from '@sts/sdk';
import type { TokenExchange } from '../exchange/token-exchange.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { presentedToken } from './presented-token.js';
import type { TrustOperation } from './trust-operation.js';
import { checkBearerKeyType } from './trust-version.js';
import { matchToken } from './wssecurity/read-security-header.js';

export function validateOperation(exchange: TokenExchange, registry: PluginRegistry): TrustOperation {
  return {
    name: 'validate',
    credential: 'optional',
    requestAction: (version) => version.actions.validate,
    async run({ role, rst, security, message, context, authenticated }) {
      if (!rst.validateTarget) throw new InvalidRequestError('Validate needs a ValidateTarget');
      if (rst.delegation || rst.claims) throw new BadRequestError('OnBehalfOf, ActAs and Claims are taken by Issue only');
      const target = matchToken(rst.validateTarget, rst.validateTarget.namespace()?.href(), registry);
      if (!target) throw new BadRequestError(`no enabled processor accepts a ${quoteForLog(rst.validateTarget.name())} in ValidateTarget`);
      const statusOnly = rst.tokenType === undefined || rst.tokenType === rst.version.status.tokenType;
      if (!statusOnly) checkBearerKeyType(rst, 'Validate');
      const result = await exchange.run({
        role,
        operation: 'validate',
        subject: presentedToken(target, 'validate-target', context, undefined),
        ...(security.token ? { caller: presentedToken(security.token, 'security-header', context, message) } : {}),
        ...(statusOnly ? {} : { issue: { tokenType: rst.tokenType!, ...(rst.appliesTo ? { audience: rst.appliesTo.address } : {}) } }),
        context,
        authenticated,
      });
      if (!result.valid) return { status: { valid: false, reason: result.reason } };
      return { status: { valid: true }, ...(result.issued ? { token: result.issued.token, audience: result.issued.audience } : {}) };
    },
  };
}
