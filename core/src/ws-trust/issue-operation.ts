/**
 * Issue (WS-Trust 1.3 section 4): the Security header's credential is the subject token, or, with OnBehalfOf
 * or ActAs, the requester's credential and the delegated token the subject (delegated-request.ts); the
 * exchange authenticates them and issues for the policy the role selects, narrowed to the requested Claims,
 * bound to the proof key the RST asks for (read-proof-key.ts; bearer, SymmetricKey or PublicKey as the
 * connection allows; a PublicKey UseKey is proven by the requester's message signature).
 */
import { InvalidRequestError } from '@sts/sdk';
import type { TokenExchange } from '../exchange/token-exchange.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { issueTokens } from './delegated-request.js';
import type { TrustOperation } from './trust-operation.js';
import { readProofKey } from './read-proof-key.js';

export function issueOperation(exchange: TokenExchange, registry: PluginRegistry): TrustOperation {
  return {
    name: 'issue',
    credential: 'required',
    requestAction: (version) => version.actions.issue,
    async run({ role, rst, security, message, context, tokenProcessorId, authenticated }) {
      if (rst.validateTarget || rst.renewTarget || rst.cancelTarget) throw new InvalidRequestError('a ValidateTarget, RenewTarget or CancelTarget in an Issue request');
      const proofKey = readProofKey(rst, security);
      // A renewal re-issues from the stored subject and attributes, without a proof key: a holder-of-key token
      // renewed would come back as a bearer token, so it is never issued renewable.
      if (rst.renewing?.allow && typeof proofKey === 'object' && proofKey.type !== 'bearer') {
        throw new InvalidRequestError(`Renewing with KeyType ${proofKey.type}: a holder-of-key token is not renewable`);
      }
      // wst:Renewing beyond what the connection honours is refused before anything is issued.
      exchange.lifecycle?.checkRenewing(role, rst.appliesTo?.address, rst.renewing);
      const result = await exchange.run({
        role,
        operation: 'issue',
        ...issueTokens(rst, security, registry, context, message),
        issue: {
          ...(rst.tokenType === undefined ? {} : { tokenType: rst.tokenType }),
          ...(rst.appliesTo ? { audience: rst.appliesTo.address } : {}),
          ...(rst.claims ? { claims: rst.claims.claims } : {}),
          proofKey,
        },
        context,
        authenticated,
        ...(tokenProcessorId === undefined ? {} : { expectedProcessorId: tokenProcessorId }),
      });
      if (!result.valid || !result.issued) throw new Error('the exchange of an Issue returned no token');
      // Stored before it is handed out: a token the store refused never leaves (README "Renew and Cancel").
      await exchange.lifecycle?.recordIssued(
        result.issued,
        // The requester is the Security header credential: the subject, or with delegation the caller (its actor).
        { processor: security.token!.processor.id, subject: (result.caller ?? result.processed).subject, ...(context.clientId === undefined ? {} : { clientId: context.clientId }) },
        rst.renewing,
      );
      return { token: result.issued.token, audience: result.issued.audience, proof: result.issued.proof };
    },
  };
}
