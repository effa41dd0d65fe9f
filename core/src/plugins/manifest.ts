/**
 * plugins.json: which plug-in instances exist, enabled or not, and their config.
 * `package` is an npm package name, or a path starting with ./ or ../ relative to the manifest.
 */
import { readFileSync } from 'node:fs';
import type { DeepReadonly } from '@sts/sdk';
import type { FromSchema } from 'json-schema-to-ts';
import { createAjv, formatAjvErrors } from '../config/ajv.js';
import { StartupError, StartupErrorCode } from '../errors.js';

/** One instance, as the schema below says after defaults (derived from it, so the keys are written once). */
export type ManifestEntry = DeepReadonly<FromSchema<typeof manifestSchema>>['instances'][number];

export interface Manifest {
  readonly file: string;
  readonly instances: readonly ManifestEntry[];
}

export const manifestSchema = {
  $id: 'https://sts.example/schemas/plugins.json',
  title: 'STS plug-in manifest',
  type: 'object',
  additionalProperties: false,
  required: ['instances'],
  properties: {
    $schema: { type: 'string', description: 'Editor hint; ignored.' },
    instances: {
      type: 'array',
      description: 'Plug-in instances, in load order.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'package'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$', description: 'Instance id, referred to by connections' },
          package: { type: 'string', minLength: 1, description: 'npm package name, or ./path relative to plugins.json' },
          enabled: { type: 'boolean', default: true, description: 'A disabled instance is not loaded; requests that need it are refused' },
          config: { type: 'object', default: {}, description: "The instance config, validated against the plug-in's configSchema" },
          tokenTypes: {
            type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 },
            description: 'The token types this instance claims, each one its plug-in declares (default: all of them); lets two instances of one plug-in serve different types',
          },
        },
      },
    },
  },
} as const;

const validate = createAjv().compile(manifestSchema);

export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new StartupError(StartupErrorCode.MANIFEST_READ, `${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseManifest(text, file);
}

/** The manifest from its text (the primary hands workers the text it validated, so all run on one snapshot). */
export function parseManifest(text: string, file: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StartupError(StartupErrorCode.MANIFEST_READ, `${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!validate(raw)) {
    throw new StartupError(StartupErrorCode.MANIFEST_INVALID, `${file}: ${formatAjvErrors(validate.errors)}`);
  }
  const manifest = raw as unknown as { instances: readonly ManifestEntry[] };
  const seen = new Set<string>();
  manifest.instances.forEach((entry, i) => {
    if (seen.has(entry.id)) {
      throw new StartupError(StartupErrorCode.MANIFEST_INVALID, `${file}: /instances/${i}/id: duplicate instance id ${entry.id}`);
    }
    seen.add(entry.id);
  });
  return { file, instances: manifest.instances };
}
