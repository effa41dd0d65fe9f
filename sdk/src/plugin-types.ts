/**
 * The plug-in contract: what `defineTokenProcessor` and `defineTokenGenerator` take and what `create()`
 * returns. See DESIGN.md section 3.
 * @public
 */
import type { IssuedToken, IssueRequest, ProcessedToken, ReceivedToken } from './trust-types.js';
import type { Logger, ServiceInstances, ServiceRef } from './services.js';

/** The plug-in API version this SDK implements. @public */
export const PLUGIN_API_VERSION = 1;

/** The kinds of plug-in, as written in a package's `"sts": {"kind"}`. @public */
export type PluginKind = 'token-processor' | 'token-generator';

/** A JSON Schema (draft 2020-12 subset ajv understands) for a plug-in's config. @public */
export type ConfigSchema = Readonly<Record<string, unknown>>;

/** A map of named service refs a plug-in depends on. @public */
export type DepsDeclaration = Readonly<Record<string, ServiceRef<unknown>>>;

/** What `create()` receives: the validated, frozen config, a logger bound to the instance, and the deps. @public */
export type CreateContext<C, D extends DepsDeclaration> = {
  readonly config: Readonly<C>;
  /** The instance id from `plugins.json`. */
  readonly instanceId: string;
  readonly logger: Logger;
} & ServiceInstances<D>;

/**
 * Where a processor's token sits in the `wsse:Security` header: an element by namespace and local name,
 * optionally narrowed by the `ValueType` attribute (for BinarySecurityToken).
 * @public
 */
export interface TokenSelector {
  readonly tokenType: string;
  readonly namespaceUri: string;
  readonly localName: string;
  readonly valueType?: string;
  /**
   * The processor checks a WS-Security signature over the message made with this token's key (X.509). The
   * kernel then hands it the whole message and lets a ds:Signature stand in the Security header; for
   * every other processor a Signature there is refused, so a signature is never silently ignored.
   */
  readonly verifiesMessageSignature?: boolean;
}

/** A running token processor. @public */
export interface TokenProcessor {
  /** Validates the token; returns the subject and attributes or throws an `StsError`. */
  process(token: ReceivedToken): Promise<ProcessedToken>;
  /**
   * Optional health hook for readiness (`GET /readyz`): false (or a throw) when the processor cannot serve now,
   * e.g. its directory is unreachable. The kernel bounds the call with a short deadline and counts a late
   * answer as false, so answer from a recent check rather than waiting on a slow backend. Absent: always ready.
   */
  ready?(): Promise<boolean> | boolean;
  close?(): Promise<void>;
}

/** A running token generator. @public */
export interface TokenGenerator {
  /** Issues a token for the request or throws an `StsError`. */
  issue(request: IssueRequest): Promise<IssuedToken>;
  close?(): Promise<void>;
}

interface DefinitionBase<C, D extends DepsDeclaration> {
  /** kebab-case id of the plug-in type (not the instance). */
  readonly id: string;
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** The token-type URIs this plug-in handles. */
  readonly tokenTypes: readonly string[];
  /** JSON Schema of the instance config; must set `additionalProperties: false`. */
  readonly configSchema: ConfigSchema;
  readonly deps: D;
  /** Phantom field carrying the config type. */
  readonly __config?: C;
}

/** The definition of a token processor plug-in. @public */
export interface TokenProcessorDefinition<C = unknown, D extends DepsDeclaration = DepsDeclaration>
  extends DefinitionBase<C, D> {
  readonly kind: 'token-processor';
  /**
   * Where its tokens sit in a WS-Security header (WS-Trust face). Optional: a processor without it takes
   * tokens only where the token type is named (an OAuth `subject_token_type`).
   */
  readonly accepts?: readonly TokenSelector[];
  create(context: CreateContext<C, D>): TokenProcessor | Promise<TokenProcessor>;
}

/** The definition of a token generator plug-in. @public */
export interface TokenGeneratorDefinition<C = unknown, D extends DepsDeclaration = DepsDeclaration>
  extends DefinitionBase<C, D> {
  readonly kind: 'token-generator';
  create(context: CreateContext<C, D>): TokenGenerator | Promise<TokenGenerator>;
}

/** Either kind of definition. @public */
export type PluginDefinition = TokenProcessorDefinition<any, any> | TokenGeneratorDefinition<any, any>;
