/**
 * What the SDK's own loaders share with the kernel's: a plug-in config validated as the kernel validates it
 * (strict ajv, all errors, defaults applied, frozen), and a definition's `deps` mapped to service instances
 * by service-ref id. Used by `verifyPlugin()`, `createTestInstance()`/`applyConfigSchema()` and
 * `createLocalValidator()`.
 */
import { Ajv } from 'ajv';
import type { ConfigSchema, PluginDefinition } from './plugin-types.js';

/**
 * The Ajv every config is validated with, in the kernel and in the SDK's loaders alike: strict (unknown
 * keywords fail), defaults applied, all errors reported.
 * @public
 */
export function createConfigAjv(): Ajv {
  return new Ajv({ strict: true, useDefaults: true, allErrors: true, allowUnionTypes: true });
}

/** The config after defaults, frozen; or the ajv error text. */
export function validatePluginConfig(schema: ConfigSchema, raw: unknown): { config: unknown } | { errors: string } {
  const ajv = createConfigAjv();
  const validate = ajv.compile(schema);
  const config = structuredClone(raw ?? {});
  if (!validate(config)) return { errors: ajv.errorsText(validate.errors, { dataVar: 'config' }) };
  return { config: deepFreeze(config) };
}

/** The deps object for `create()`, or the first dep whose service is missing. */
export function resolvePluginDeps(
  definition: PluginDefinition,
  servicesById: Readonly<Record<string, unknown>>,
): { deps: Record<string, unknown> } | { missing: { name: string; id: string } } {
  const deps: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(definition.deps as Record<string, { id: string }>)) {
    if (!(ref.id in servicesById)) return { missing: { name, id: ref.id } };
    deps[name] = servicesById[ref.id];
  }
  return { deps };
}

/** Freezes a validated config and everything in it, so nothing downstream can change it. @public */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
