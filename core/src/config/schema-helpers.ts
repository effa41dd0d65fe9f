/**
 * What the config schemas are written with. The config types are derived from the schemas
 * (json-schema-to-ts), so each key is written once: a property with a `default` is required (ajv has applied
 * it), everything is read-only (the result is frozen). `const` type parameters keep each literal ('string', a
 * default's value) in the schema's type, which the derived types are read from.
 */
import type { DeepReadonly } from '@sts/sdk';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export type FromConfigSchema<S extends JSONSchema> = DeepReadonly<FromSchema<S>>;

export const str = <const E extends object = {}>(description: string, extra: E = {} as E) =>
  ({ type: 'string', description, ...extra }) as { readonly type: 'string'; readonly description: string } & E;

export const int = <const D extends number>(description: string, minimum: number, maximum: number, dflt: D) =>
  ({ type: 'integer', description, minimum, maximum, default: dflt }) as const;
