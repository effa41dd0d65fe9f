/**
 * `applyConfigSchema()`: an instance config as `create()` receives it.
 * @public
 */
import { validatePluginConfig } from '../instantiate-plugin.js';
import type { ConfigSchema } from '../plugin-types.js';

/**
 * Validates a copy of `raw` against a plug-in's `configSchema` as the kernel does (strict ajv, all errors,
 * defaults applied) and returns it; throws an `Error` with ajv's messages when it is invalid.
 *
 * @example
 * ```ts
 * const config = applyConfigSchema<MyConfig>(definition.configSchema, { includeCertificate: false });
 * ```
 * @public
 */
export function applyConfigSchema<C>(schema: ConfigSchema, raw: object = {}): C {
  const checked = validatePluginConfig(schema, raw);
  if ('errors' in checked) throw new Error(checked.errors);
  const config = checked.config;
  return config as C;
}
