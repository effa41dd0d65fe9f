/**
 * The Issue operation of the IdP STS (WS-Trust 1.3 section 4; DESIGN.md section 4 steps 8 and 9):
 * connection by AppliesTo → token type and generator → processor allowed by the connection → attribute
 * mapping → generator → RSTR. Every refusal is an StsError; nothing is issued after one.
 */
import {
  BadRequestError,
  RequestFailedError,
  type Clock,
  type IssuedToken,
  type Logger,
  type ReceivedMessage,
  type RequestContext,
} from '@sts/sdk';
import { receivedToken } from './received-token.js';
import type { KernelConfig } from '../config/kernel-config.js';
import type { ConnectionResolver } from '../policy/connection-resolver.js';
import { mapAttributes } from '../policy/map-attributes.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { FoundToken } from '../wssecurity/read-security-header.js';
import type { RstRequest } from './read-rst.js';
import { BEARER_KEY_TYPES } from './trust-version.js';

export interface IssueInput {
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
  readonly appliesTo: string;
  readonly appliesToNamespace: string;
  readonly connectionId: string;
}

export class IssueOperation {
  constructor(
    private readonly config: KernelConfig,
    private readonly registry: PluginRegistry,
    private readonly connections: ConnectionResolver,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async issue(input: IssueInput): Promise<IssueResult> {
    const { rst, token, context } = input;
    if (rst.keyType !== undefined && !BEARER_KEY_TYPES.has(rst.keyType)) {
      throw new BadRequestError(`KeyType ${rst.keyType} is not supported (bearer only)`);
    }
    if (!rst.appliesTo) throw new RequestFailedError('the RST has no AppliesTo');
    const connection = this.connections.resolve(rst.appliesTo.address);
    if (!connection) throw new RequestFailedError(`no SP connection for AppliesTo ${rst.appliesTo.address}`);

    const tokenType = rst.tokenType ?? connection.defaultTokenType;
    if (tokenType !== connection.defaultTokenType && !connection.tokenTypes.includes(tokenType)) {
      throw new BadRequestError(`connection ${connection.id} does not allow token type ${tokenType}`);
    }
    const generator = this.registry.generatorFor(tokenType);
    if (!generator) throw new RequestFailedError(`no enabled token generator for token type ${tokenType}`);

    const processor = token.processor;
    if (connection.tokenProcessors.length > 0 && !connection.tokenProcessors.includes(processor.id)) {
      throw new RequestFailedError(`connection ${connection.id} does not accept processor ${processor.id}`);
    }
    if (input.tokenProcessorId !== undefined && input.tokenProcessorId !== processor.id) {
      throw new RequestFailedError(`TokenProcessorId ${input.tokenProcessorId} does not match the token (processor ${processor.id})`);
    }

    const processed = await processor.processor.process(receivedToken(token, 'security-header', context, input.message));
    const mapped = mapAttributes(connection, processed, context);
    const now = this.clock.now();
    const issued = await generator.generator.issue({
      tokenType,
      appliesTo: rst.appliesTo.address,
      issuer: this.config.issuer.entityId,
      subject: { name: mapped.subject, format: connection.nameId.format },
      subjectConfirmation: connection.subjectConfirmation,
      attributes: mapped.attributes,
      authnContext: processed.authnContext ?? 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified',
      authnInstant: processed.authnInstant ?? now,
      notBefore: new Date(now.getTime() - connection.lifetime.minutesBefore * 60_000),
      notOnOrAfter: new Date(now.getTime() + connection.lifetime.minutesAfter * 60_000),
      issuedAt: now,
      ...(connection.signingKeyId === undefined ? {} : { signingKeyId: connection.signingKeyId }),
      context,
    });
    this.logger.info(
      {
        event: 'token.issued',
        requestId: context.requestId,
        connection: connection.id,
        processor: processor.id,
        generator: generator.id,
        tokenType,
        tokenId: issued.id,
        subject: mapped.subject,
      },
      'token issued',
    );
    return { token: issued, appliesTo: rst.appliesTo.address, appliesToNamespace: rst.appliesTo.policyNamespace, connectionId: connection.id };
  }
}
