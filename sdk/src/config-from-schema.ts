/**
 * `ConfigFromSchema<S>`: the config type `create()` receives, inferred from a plug-in's `configSchema`, so an
 * author writes the schema once and never spells the config type as a generic. json-schema-to-ts does the
 * inference (types only: nothing of it is loaded at run time). Its default treats a property with a `default`
 * as present, which is what ajv's `useDefaults` makes true by the time `create()` runs.
 * @public
 */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/** The validated config of a schema: defaulted properties required, everything read-only (it is frozen). @public */
export type ConfigFromSchema<S> = S extends JSONSchema ? DeepReadonly<FromSchema<S>> : unknown;

/** Read-only all the way down, as `deepFreeze` makes the value. @public */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
