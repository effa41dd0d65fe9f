/**
 * What `npm run docs` writes: README sections (between `<!-- name:start -->` and `<!-- name:end -->`)
 * and schema files, all derived from the schemas and the error catalogue.
 */
import { kernelConfigSchema } from '../config/kernel-config.js';
import { manifestSchema } from '../plugins/manifest.js';
import { renderConfigReference } from './render-config-reference.js';
import { STARTUP_ERROR_DESCRIPTIONS } from '../errors.js';

export interface GeneratedDocs {
  readonly sections: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, string>>;
}

export function generatedDocs(): GeneratedDocs {
  return {
    sections: {
      'kernel-config-reference': renderConfigReference(kernelConfigSchema),
      'manifest-reference': renderConfigReference(manifestSchema),
      'error-codes': ['| code | meaning |', '|---|---|', ...Object.entries(STARTUP_ERROR_DESCRIPTIONS).map(([code, text]) => `| \`${code}\` | ${text} |`)].join('\n'),
    },
    files: {
      'core/schemas/kernel-config.schema.json': JSON.stringify(kernelConfigSchema, null, 2) + '\n',
      'core/schemas/plugins.schema.json': JSON.stringify(manifestSchema, null, 2) + '\n',
    },
  };
}

export function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${start} ... ${end} section`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}
