/**
 * Issues a token for a processed subject (DESIGN.md section 4 steps 8 and 9; pingfederate-sts.md sections
 * 2.4 to 2.6): the policy by role → the processor allowed by it → the token type (the policy's default when
 * none is asked for) and its generator → issuance criteria → attribute mapping → the generator. Every refusal
 * is an StsError thrown before the generator runs, so nothing is issued after one.
 */
import { BadRequestError, RequestFailedError, type IssuedToken, type ProcessedToken, type RequestContext, quoteForLog } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import { checkDelegation, type Delegation } from '../policy/check-delegation.js';
import { checkIssuanceCriteria } from '../policy/check-issuance-criteria.js';
import { narrowToClaims } from '../policy/narrow-to-claims.js';
import { mapAttributes } from '../policy/map-attributes.js';
import type { PolicyResolver, StsRole } from '../policy/policy-resolver.js';
import type { GeneratorInstance, PluginRegistry } from '../plugins/plugin-registry.js';
import type { EncryptionCertificates } from '../policy/encryption-certificates.js';
import type { IssueQuery, IssuedProof } from './exchange-request.js';
import type { Issuance } from './issuance.js';
import { resolveProofKey } from './resolve-proof-key.js';

export type { Issuance };

export interface IssueTokenDeps {
  readonly config: KernelConfig;
  readonly registry: PluginRegistry;
  readonly policies: PolicyResolver;
  readonly encryptionCertificates: EncryptionCertificates;
  readonly now: () => Date;
}

export interface IssueTokenInput {
  readonly role: StsRole;
  readonly processorId: string;
  readonly processed: ProcessedToken;
  readonly query: IssueQuery;
  /** The processed actor token of a delegation. */
  readonly actor?: ProcessedToken;
  /** A WS-Trust delegation: the requester (the actor) asks for the processed token's subject. */
  readonly delegation?: Delegation;
  readonly context: RequestContext;
  /** Told what was chosen as soon as it is known, so that a refusal later on can still be reported with it. */
  readonly chose: (choice: { connectionId?: string; generatorId?: string; tokenType?: string; subject?: string }) => void;
}

export interface TokenIssue {
  readonly token: IssuedToken;
  readonly audience: string;
  readonly proof: IssuedProof;
  /** What the token was made from, for the issued-token store (a renewal re-issues from it). */
  readonly issuance: Issuance;
}

export async function issueToken(deps: IssueTokenDeps, input: IssueTokenInput): Promise<TokenIssue> {
  const { processorId, processed, query, context } = input;
  const { policy, audience } = deps.policies.resolve(input.role, { processorId, processed, ...(query.audience === undefined ? {} : { appliesTo: query.audience }) });
  input.chose({ connectionId: policy.id });
  if (policy.tokenProcessors.length > 0 && !policy.tokenProcessors.includes(processorId)) {
    throw new RequestFailedError(`${policy.id} does not accept processor ${processorId}`);
  }
  const tokenType = query.tokenType ?? policy.defaultTokenType;
  if (tokenType !== policy.defaultTokenType && !policy.tokenTypes.includes(tokenType)) {
    throw new BadRequestError(`${policy.id} does not allow token type ${quoteForLog(tokenType)}`);
  }
  input.chose({ tokenType });
  if (input.delegation) checkDelegation(policy, input.delegation, processorId, processed);
  const generator = generatorFor(deps.registry, tokenType);
  input.chose({ generatorId: generator.id });
  checkIssuanceCriteria(policy, processed, context);
  const mapped = mapAttributes(policy, processed, context);
  const attributes = query.claims === undefined ? mapped.attributes : narrowToClaims(policy, mapped.attributes, query.claims);
  input.chose({ subject: mapped.subject });
  const now = deps.now();
  const { proofKey, proof } = resolveProofKey(query.proofKey, policy, { certificates: deps.encryptionCertificates, now });
  const encryptFor = policy.encryptAssertion ? deps.encryptionCertificates.recipientFor(policy, now, 'an encrypted assertion') : undefined;
  const issuance: Issuance = {
    role: input.role,
    connectionId: policy.id,
    tokenType,
    subject: { name: mapped.subject, format: policy.nameId.format },
    attributes,
    authnContext: processed.authnContext ?? 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified',
    authnInstant: processed.authnInstant ?? now,
  };
  const token = await generator.generator.issue({
    tokenType,
    appliesTo: audience,
    issuer: deps.config.issuer.entityId,
    subject: issuance.subject,
    subjectConfirmation: policy.subjectConfirmation,
    attributes,
    authnContext: issuance.authnContext,
    authnInstant: issuance.authnInstant,
    notBefore: new Date(now.getTime() - policy.lifetime.minutesBefore * 60_000),
    notOnOrAfter: new Date(now.getTime() + policy.lifetime.minutesAfter * 60_000),
    issuedAt: now,
    ...(policy.signingKeyId === undefined ? {} : { signingKeyId: policy.signingKeyId }),
    ...(query.clientId === undefined ? {} : { clientId: query.clientId }),
    ...(query.scope === undefined ? {} : { scope: query.scope }),
    ...actorOf(input.delegation?.requester ?? input.actor),
    ...(proofKey === undefined ? {} : { proofKey }),
    ...(encryptFor === undefined ? {} : { encryptFor }),
    context,
  });
  // A generator that ignored what it was asked would hand out a bearer token, or one in clear: never send it.
  if (proofKey !== undefined && token.proofKeyBound !== true) throw new RequestFailedError(`token generator ${generator.id} cannot bind a proof key to ${quoteForLog(tokenType)} (holder-of-key)`);
  if (encryptFor !== undefined && token.encrypted !== true) throw new RequestFailedError(`${policy.id} requires encrypted assertions and token generator ${generator.id} did not encrypt ${quoteForLog(tokenType)}`);
  return { token, audience, proof, issuance };
}

/** The enabled generator for the token type; the refusal says when the instance for it is disabled. */
export function generatorFor(registry: PluginRegistry, tokenType: string): GeneratorInstance {
  const generator = registry.generatorFor(tokenType);
  if (generator) return generator;
  const disabled = registry.disabledFor('token-generator', tokenType);
  throw new RequestFailedError(
    disabled ? `token generator instance '${disabled.id}' for ${quoteForLog(tokenType)} is disabled in plugins.json` : `no enabled token generator for token type ${quoteForLog(tokenType)}`,
  );
}

/** IssueRequest.actor from the actor's processed token (RFC 8693 section 4.1: its subject, and issuer when known). */
function actorOf(actor: ProcessedToken | undefined): { actor?: { subject: string; issuer?: string } } {
  return actor === undefined ? {} : { actor: { subject: actor.subject, ...(actor.issuer === undefined ? {} : { issuer: actor.issuer }) } };
}
