/**
 * `createTestInstance()`: one plug-in instance, created from its definition the way the kernel creates it, with
 * the services a test chooses.
 * @public
 */
import type {
  DepsDeclaration,
  PluginDefinition,
  TokenGenerator,
  TokenGeneratorDefinition,
  TokenProcessor,
  TokenProcessorDefinition,
} from '../plugin-types.js';
import type { Logger, ServiceInstances } from '../services.js';
import { applyConfigSchema } from './apply-config-schema.js';
import { RecordingLogger } from './mock-services.js';

/** What {@link createTestInstance} takes besides the services. @public */
export interface TestInstanceOptions {
  /** The raw instance config; validated with defaults applied (see {@link applyConfigSchema}). Default `{}`. */
  readonly config?: object;
  /** Default: the definition's id followed by `-test`. */
  readonly instanceId?: string;
  /** Default: a new {@link RecordingLogger}. */
  readonly logger?: Logger;
}

/**
 * Validates `options.config` against the definition's `configSchema` (throwing ajv's messages) and calls its
 * `create()` with that config, an instance id, a logger and `services`, one per name in the definition's `deps`.
 *
 * @example
 * ```ts
 * const generator = await createTestInstance(definition, { signer, clock: new ManualClock(T0) }, { config: { includeCertificate: false } });
 * ```
 * @public
 */
export function createTestInstance<C, D extends DepsDeclaration>(
  definition: TokenGeneratorDefinition<C, D>,
  services: ServiceInstances<D>,
  options?: TestInstanceOptions,
): Promise<TokenGenerator>;
export function createTestInstance<C, D extends DepsDeclaration>(
  definition: TokenProcessorDefinition<C, D>,
  services: ServiceInstances<D>,
  options?: TestInstanceOptions,
): Promise<TokenProcessor>;
export async function createTestInstance(
  definition: PluginDefinition,
  services: object,
  options: TestInstanceOptions = {},
): Promise<TokenGenerator | TokenProcessor> {
  return definition.create({
    ...services,
    config: applyConfigSchema(definition.configSchema, options.config),
    instanceId: options.instanceId ?? `${definition.id}-test`,
    logger: options.logger ?? new RecordingLogger(),
  });
}
