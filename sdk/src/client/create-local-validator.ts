/**
 * Validates the token of an incoming request locally, without calling the STS: a web service provider
 * runs a token processor plug-in (the same package the STS runs, such as `@sts/saml-token-processor` or
 * `@sts/jwt-token-processor`) with the certificates of the issuers it trusts and its own audience. The SDK
 * does not depend on any plug-in: the provider passes the definition it installed.
 *
 * @example
 * ```ts
 * import samlProcessor from '@sts/saml-token-processor';
 * const validator = await createLocalValidator({
 *   processor: samlProcessor,
 *   audience: 'urn:example:sp',
 *   trustedIssuers: [{ issuer: 'urn:example:sts', certificatePem: stsCertificatePem }],
 * });
 * const { subject, attributes } = await validator.validate(incomingSoapRequest);
 * ```
 * @public
 */
import { randomUUID } from 'node:crypto';
import { checkPluginDefinition } from '../check-plugin-package.js';
import { resolvePluginDeps, validatePluginConfig } from '../instantiate-plugin.js';
import { trustedCertificatesFromPem } from '../keys/trusted-certificate.js';
import type { ProcessedToken } from '../trust-types.js';
import type { TokenProcessor, TokenProcessorDefinition } from '../plugin-types.js';
import type { Clock, Logger, StateStore, TrustedIssuer } from '../services.js';
import { MemoryStateStore } from '../state/memory-state-store.js';
import { TokenType } from '../token-types.js';
import { parseUntrustedXml } from '../xml/parse-untrusted-xml.js';
import { toElementData } from '../xml/to-element-data.js';
import { findSecurityToken, type SecurityTokenKind } from './find-security-token.js';
import { StsClientError } from './sts-client-error.js';

/** What {@link createLocalValidator} takes. @public */
export interface LocalValidatorOptions {
  /** A token processor plug-in definition (the package's default export). */
  readonly processor: TokenProcessorDefinition<any, any>;
  /** The processor's config; defaults are applied as the STS applies them. */
  readonly config?: unknown;
  /** This provider's identifier: tokens must name it as their audience. */
  readonly audience: string;
  /** The issuers whose tokens are accepted, each with its signing certificate(s), PEM. */
  readonly trustedIssuers: readonly { readonly issuer: string; readonly certificatePem: string }[];
  readonly clock?: Clock;
  /** Shared replay cache (one-time tokens); default in memory. */
  readonly stateStore?: StateStore;
  readonly logger?: Logger;
}

/** A validator made by {@link createLocalValidator}. @public */
export interface LocalValidator {
  /** Finds the token in the request's Security header and validates it; throws the processor's StsError. */
  validate(soapRequest: string | Buffer): Promise<ProcessedToken>;
}

const TOKEN_TYPE: Readonly<Record<SecurityTokenKind, string>> = {
  saml2: TokenType.Saml20,
  saml1: TokenType.Saml11,
  jwt: TokenType.Jwt,
  x509: TokenType.X509v3,
  username: TokenType.UsernameToken,
};

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => SILENT };

/** Creates the processor once, with the provider's trust, for many requests. @public */
export async function createLocalValidator(options: LocalValidatorOptions): Promise<LocalValidator> {
  const problem = checkPluginDefinition({ sts: { kind: 'token-processor' } }, options.processor);
  if (problem) throw new TypeError(`processor: ${problem.message}`);
  const checked = validatePluginConfig(options.processor.configSchema, options.config);
  if ('errors' in checked) throw new TypeError(`processor config: ${checked.errors}`);
  const { config } = checked;
  const clock = options.clock ?? { now: () => new Date() };
  const logger = options.logger ?? SILENT;
  const issuers: TrustedIssuer[] = options.trustedIssuers.map((i) => ({
    connectionId: i.issuer,
    issuer: i.issuer,
    certificates: trustedCertificatesFromPem(i.certificatePem),
  }));
  const services: Record<string, unknown> = {
    'core.clock': clock,
    'core.logger': logger,
    'core.stateStore': options.stateStore ?? new MemoryStateStore(clock),
    'core.trustedIssuers': { find: (issuer: string) => issuers.find((i) => i.issuer === issuer) },
    'core.stsIdentity': Object.freeze({ entityId: options.audience, audiences: Object.freeze([options.audience]) }),
  };
  const resolved = resolvePluginDeps(options.processor, services);
  if ('missing' in resolved) throw new TypeError(`processor deps.${resolved.missing.name}: service ${resolved.missing.id} is not available to a local validator`);
  const { deps } = resolved;
  const processor: TokenProcessor = await options.processor.create({ ...deps, config, instanceId: options.processor.id, logger } as never);

  return {
    async validate(soapRequest) {
      const found = findSecurityToken(soapRequest);
      if (!found) throw new StsClientError('unexpected-request', 'the request carries no security token');
      const tokenType = TOKEN_TYPE[found.tokenType];
      if (!options.processor.tokenTypes.includes(tokenType)) {
        throw new StsClientError('unexpected-request', `the request carries a ${found.tokenType} token, which this processor does not take`);
      }
      const element = toElementData(parseUntrustedXml(found.xml).root()!);
      const valueType = element.attributes['ValueType'];
      const text = element.text.trim();
      const now = clock.now();
      return processor.process({
        tokenType,
        source: 'security-header',
        purpose: 'use',
        element,
        xml: found.xml,
        ...(valueType === undefined ? {} : { valueType }),
        ...(text === '' ? {} : { text }),
        context: { requestId: randomUUID(), clientAddress: 'local', endpoint: options.audience, soapVersion: '1.2', receivedAt: now },
      });
    },
  };
}
