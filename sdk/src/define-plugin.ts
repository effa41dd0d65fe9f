/**
 * `defineTokenProcessor` and `defineTokenGenerator`: the default export of every plug-in package.
 * They validate the shape and stamp a global-symbol brand so the loader recognises a plug-in that brought
 * its own copy of the SDK.
 *
 * @example
 * ```ts
 * export default defineTokenGenerator({
 *   id: 'my-generator', apiVersion: 1, tokenTypes: ['urn:example:token'],
 *   configSchema: { type: 'object', additionalProperties: false, properties: {} },
 *   deps: { clock: services.clock },
 *   create: ({ clock }) => ({ issue: async (req) => ({ ... }) }),
 * });
 * ```
 * @public
 */
import type { JSONSchema } from 'json-schema-to-ts';
import {
  PLUGIN_API_VERSION,
  type DepsDeclaration,
  type PluginDefinition,
  type PluginKind,
  type TokenGeneratorDefinition,
  type TokenProcessorDefinition,
} from './plugin-types.js';
import type { ConfigFromSchema } from './config-from-schema.js';

/** An object schema json-schema-to-ts can read; a schema typed as a plain record falls to the spelled-out signature. */
type JSONSchemaObject = Exclude<JSONSchema, boolean> & { readonly type: 'object' };

const PLUGIN_BRAND = Symbol.for('sts.plugin');
const ID_PATTERN = /^[a-z][a-z0-9-]*$/;

/** The brand a `define*` call stamps: kind and API version. @public */
export interface PluginBrand {
  readonly kind: PluginKind;
  readonly apiVersion: number;
}

function brand<T extends object>(kind: PluginKind, definition: T & { id: string; apiVersion: number; tokenTypes: readonly string[] }): T {
  if (!ID_PATTERN.test(definition.id)) throw new TypeError(`plug-in id must match ${ID_PATTERN}: ${definition.id}`);
  if (definition.apiVersion !== PLUGIN_API_VERSION) {
    throw new TypeError(`plug-in ${definition.id} declares apiVersion ${definition.apiVersion}; this SDK implements ${PLUGIN_API_VERSION}`);
  }
  if (!Array.isArray(definition.tokenTypes) || definition.tokenTypes.length === 0) {
    throw new TypeError(`plug-in ${definition.id} must declare at least one token type`);
  }
  const stamped = { ...definition, kind };
  Object.defineProperty(stamped, PLUGIN_BRAND, { value: Object.freeze({ kind, apiVersion: definition.apiVersion }) });
  return Object.freeze(stamped) as T;
}

/**
 * Defines a token processor plug-in. The config type `create()` receives is inferred from `configSchema`
 * (written inline, or `as const`); the second signature takes it spelled out, for a schema typed `ConfigSchema`.
 * @public
 */
export function defineTokenProcessor<const S extends JSONSchemaObject, D extends DepsDeclaration>(
  definition: Omit<TokenProcessorDefinition<ConfigFromSchema<S>, D>, 'kind' | 'configSchema'> & { readonly configSchema: S },
): TokenProcessorDefinition<ConfigFromSchema<S>, D>;
export function defineTokenProcessor<C, D extends DepsDeclaration>(
  definition: Omit<TokenProcessorDefinition<C, D>, 'kind'>,
): TokenProcessorDefinition<C, D>;
export function defineTokenProcessor(definition: Omit<TokenProcessorDefinition, 'kind'>): TokenProcessorDefinition {
  return brand('token-processor', definition as TokenProcessorDefinition);
}

/** Defines a token generator plug-in; the config type is inferred as for {@link defineTokenProcessor}. @public */
export function defineTokenGenerator<const S extends JSONSchemaObject, D extends DepsDeclaration>(
  definition: Omit<TokenGeneratorDefinition<ConfigFromSchema<S>, D>, 'kind' | 'configSchema'> & { readonly configSchema: S },
): TokenGeneratorDefinition<ConfigFromSchema<S>, D>;
export function defineTokenGenerator<C, D extends DepsDeclaration>(
  definition: Omit<TokenGeneratorDefinition<C, D>, 'kind'>,
): TokenGeneratorDefinition<C, D>;
export function defineTokenGenerator(definition: Omit<TokenGeneratorDefinition, 'kind'>): TokenGeneratorDefinition {
  return brand('token-generator', definition as TokenGeneratorDefinition);
}

/** The brand of a value, or undefined when it is not a plug-in definition from any SDK copy. @public */
export function pluginBrand(value: unknown): PluginBrand | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const b = (value as Record<symbol, unknown>)[PLUGIN_BRAND] as PluginBrand | undefined;
  return b && typeof b.kind === 'string' && typeof b.apiVersion === 'number' ? b : undefined;
}

/** True for a branded plug-in definition. @public */
export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return pluginBrand(value) !== undefined;
}
