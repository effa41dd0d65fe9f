/**
 * Issue and Validate (WS-Trust 1.3 sections 4 and 7; DESIGN.md section 4 steps 8 and 9), for every role:
 * processor → policy (by role) → processor allowed → token type and generator → attribute mapping →
 * issuance criteria → generator. Validate with the Status token type answers valid or invalid (a bad token
 * is a status, not a fault); with another token type it exchanges the validated token. Every refusal is an
 * StsError, and nothing is issued after one.
 */
import {
  quoteForLog,
  BadRequestError,
  isStsError,
  RequestFailedError,
  type Clock,
  type IssuedToken,
  type Logger,
  type ProcessedToken,
  type ReceivedMessage,
  type RequestContext,
} from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import { checkIssuanceCriteria } from '../policy/check-issuance-criteria.js';
import { mapAttributes } from '../policy/map-attributes.js';
import type { PolicyResolver, StsRole } from '../policy/policy-resolver.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { FoundToken } from '../wssecurity/read-security-header.js';
import type { RstRequest } from './read-rst.js';
import { receivedToken } from './received-token.js';
import { BEARER_KEY_TYPES } from './trust-version.js';

export interface IssueInput {
  readonly role: StsRole;
  readonly rst: RstRequest;
  readonly token: FoundToken;
  readonly context: RequestContext;
  /** `?TokenProcessorId=` on the endpoint URL (PingFederate): the processor instance the client expects. */
  readonly tokenProcessorId?: string;
  /** The whole request, for a processor that verifies a message signature. */
  readonly message?: ReceivedMessage;
}

export interface IssueResult {
  readonly token: IssuedToken;
  readonly audience: string;
}

export interface ValidateInput {
  readonly role: StsRole;
  readonly rst: RstRequest;
  readonly target: FoundToken;
  readonly context: RequestContext;
  /** A credential of the caller in the Security header: optional for Validate, but checked when sent. */
  readonly caller?: FoundToken;
  readonly message?: ReceivedMessage;
}

export type ValidateResult =
  | { readonly valid: true; readonly issued?: IssueResult }
  | { readonly valid: false; readonly reason: string };

export class TrustOperations {
  constructor(
    private readonly config: KernelConfig,
    private readonly registry: PluginRegistry,
    private readonly policies: PolicyResolver,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async issue(input: IssueInput): Promise<IssueResult> {
    checkKeyType(input.rst);
    const processor = input.token.processor;
    if (input.tokenProcessorId !== undefined && input.tokenProcessorId !== processor.id) {
      throw new RequestFailedError(`TokenProcessorId ${quoteForLog(input.tokenProcessorId)} does not match the token (processor ${processor.id})`);
    }
    const processed = await processor.processor.process(receivedToken(input.token, 'security-header', input.context, input.message));
    return this.issueFor(input.role, input.rst, processor.id, processed, input.context);
  }

  async validate(input: ValidateInput): Promise<ValidateResult> {
    const { rst, target } = input;
    const statusOnly = rst.tokenType === undefined || rst.tokenType === rst.version.status.tokenType;
    if (input.caller) await input.caller.processor.processor.process(receivedToken(input.caller, 'security-header', input.context, input.message));
    let processed: ProcessedToken;
    try {
      processed = await target.processor.processor.process(receivedToken(target, 'validate-target', input.context, undefined, statusOnly ? 'status' : 'use'));
    } catch (error) {
      // WS-Trust 1.3 section 7: an invalid token is reported in wst:Status; only an exchange faults.
      if (!statusOnly || !isStsError(error)) throw error;
      this.logger.info({ event: 'token.validated', requestId: input.context.requestId, processor: target.processor.id, valid: false, reason: error.message }, 'token invalid');
      return { valid: false, reason: error.reason };
    }
    this.logger.info({ event: 'token.validated', requestId: input.context.requestId, processor: target.processor.id, valid: true, subject: processed.subject }, 'token valid');
    if (statusOnly) return { valid: true };
    checkKeyType(rst);
    return { valid: true, issued: await this.issueFor(input.role, rst, target.processor.id, processed, input.context) };
  }

  private async issueFor(role: StsRole, rst: RstRequest, processorId: string, processed: ProcessedToken, context: RequestContext): Promise<IssueResult> {
    const { policy, audience } = this.policies.resolve(role, { processorId, processed, ...(rst.appliesTo ? { appliesTo: rst.appliesTo.address } : {}) });
    if (policy.tokenProcessors.length > 0 && !policy.tokenProcessors.includes(processorId)) {
      throw new RequestFailedError(`${policy.id} does not accept processor ${processorId}`);
    }
    const tokenType = rst.tokenType ?? policy.defaultTokenType;
    if (tokenType !== policy.defaultTokenType && !policy.tokenTypes.includes(tokenType)) {
      throw new BadRequestError(`${policy.id} does not allow token type ${quoteForLog(tokenType)}`);
    }
    const generator = this.registry.generatorFor(tokenType);
    if (!generator) throw new RequestFailedError(`no enabled token generator for token type ${quoteForLog(tokenType)}`);
    checkIssuanceCriteria(policy, processed);
    const mapped = mapAttributes(policy, processed, context);
    const now = this.clock.now();
    const token = await generator.generator.issue({
      tokenType,
      appliesTo: audience,
      issuer: this.config.issuer.entityId,
      subject: { name: mapped.subject, format: policy.nameId.format },
      subjectConfirmation: policy.subjectConfirmation,
      attributes: mapped.attributes,
      authnContext: processed.authnContext ?? 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified',
      authnInstant: processed.authnInstant ?? now,
      notBefore: new Date(now.getTime() - policy.lifetime.minutesBefore * 60_000),
      notOnOrAfter: new Date(now.getTime() + policy.lifetime.minutesAfter * 60_000),
      issuedAt: now,
      ...(policy.signingKeyId === undefined ? {} : { signingKeyId: policy.signingKeyId }),
      context,
    });
    this.logger.info(
      { event: 'token.issued', requestId: context.requestId, role, policy: policy.id, processor: processorId, generator: generator.id, tokenType, tokenId: token.id, subject: mapped.subject },
      'token issued',
    );
    return { token, audience };
  }
}

function checkKeyType(rst: RstRequest): void {
  if (rst.keyType !== undefined && !BEARER_KEY_TYPES.has(rst.keyType)) {
    throw new BadRequestError(`KeyType ${quoteForLog(rst.keyType)} is not supported (bearer only)`);
  }
}

