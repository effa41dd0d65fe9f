/**
 * The one strict Ajv instance of the kernel. Every schema (kernel config, plugins.json, each plug-in's
 * configSchema) is compiled here: unknown keywords fail, defaults are applied, all errors are reported.
 */
import type { ErrorObject } from 'ajv';
import { createConfigAjv, deepFreeze } from '@sts/sdk';

/** The SDK's config Ajv, so the kernel and a plug-in author's verifyPlugin() validate alike. */
export const createAjv = createConfigAjv;
export { deepFreeze };

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
