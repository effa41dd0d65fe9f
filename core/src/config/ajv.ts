/**
 * The one strict Ajv instance of the kernel. Every schema (kernel config, plugins.json, each plug-in's
 * configSchema) is compiled here: unknown keywords fail, defaults are applied, all errors are reported.
 */
import { Ajv, type ErrorObject } from 'ajv';

export function createAjv(): Ajv {
  return new Ajv({ strict: true, useDefaults: true, allErrors: true, allowUnionTypes: true });
}

/** Formats ajv errors as `<json path>: <message>` lines, the form every startup error uses. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined, prefix = ''): string {
  return (errors ?? [])
    .map((e) => {
      const path = prefix + e.instancePath || '/';
      const extra = e.keyword === 'additionalProperties' ? ` '${String(e.params['additionalProperty'])}'` : '';
      return `${path}: ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');
}

/** Deep-freezes a validated config so nothing downstream can change it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
