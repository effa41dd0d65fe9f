/**
 * Renders a JSON Schema as a Markdown table (path, type, default, description), so that the README's
 * configuration reference is generated from the schemas the kernel validates with and cannot drift.
 */

type Schema = Readonly<Record<string, any>>;

export function renderConfigReference(schema: Schema): string {
  const rows: string[] = ['| key | type | default | description |', '|---|---|---|---|'];
  walk(schema, '', rows, true);
  return rows.join('\n');
}

function walk(schema: Schema, path: string, rows: string[], required: boolean): void {
  if (path !== '') rows.push(`| \`${path}\`${required ? ' (required)' : ''} | ${typeOf(schema)} | ${defaultOf(schema)} | ${cell(schema['description'] ?? '')} |`);
  const required_ = new Set<string>((schema['required'] as string[] | undefined) ?? []);
  for (const [name, child] of Object.entries((schema['properties'] ?? {}) as Record<string, Schema>)) {
    if (name === '$schema') continue;
    walk(child, path === '' ? name : `${path}.${name}`, rows, required_.has(name));
  }
  const items = schema['items'] as Schema | undefined;
  if (items && items['properties']) {
    const itemRequired = new Set<string>((items['required'] as string[] | undefined) ?? []);
    for (const [name, child] of Object.entries(items['properties'] as Record<string, Schema>)) {
      walk(child, `${path}[].${name}`, rows, itemRequired.has(name));
    }
  }
  if (items && items['oneOf'] && items['properties']) {
    // A oneOf beside the item's own properties only says which of them must be given.
    const choices = (items['oneOf'] as Schema[]).flatMap((form) => (form['required'] ?? []) as string[]);
    rows.push(`| \`${path}[]\` |  |  | exactly one of ${choices.map((c) => `\`${c}\``).join(', ')} |`);
  } else if (items && items['oneOf']) rows.push(...(items['oneOf'] as Schema[]).map((s) => `| \`${path}[]\` | ${typeOf(s)} |  | one form of ${cell(items['description'] ?? 'the item')} |`));
  if (schema['oneOf'] && path !== '') {
    for (const form of schema['oneOf'] as Schema[]) {
      const props = Object.entries((form['properties'] ?? {}) as Record<string, Schema>)
        .map(([k, v]) => (v['const'] !== undefined ? `${k}: "${v['const']}"` : v['enum'] ? `${k}: ${(v['enum'] as string[]).map((e) => `"${e}"`).join(' \\| ')}` : `${k}: ${typeOf(v)}`))
        .join(', ');
      rows.push(`| \`${path}\` (one of) | \`{ ${props} }\` |  | ${cell(descriptionOfForm(form))} |`);
    }
  }
}

function descriptionOfForm(form: Schema): string {
  return Object.values((form['properties'] ?? {}) as Record<string, Schema>)
    .map((v) => v['description'])
    .filter(Boolean)
    .join('; ');
}

function typeOf(schema: Schema): string {
  if (schema['enum']) return (schema['enum'] as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (schema['const'] !== undefined) return `\`${JSON.stringify(schema['const'])}\``;
  if (schema['oneOf']) return 'object (see forms)';
  if (schema['type'] === 'array') return `array of ${schema['items'] ? typeOf(schema['items'] as Schema) : 'any'}`;
  const bounds = [schema['minimum'] !== undefined ? `≥ ${schema['minimum']}` : '', schema['maximum'] !== undefined ? `≤ ${schema['maximum']}` : ''].filter(Boolean).join(', ');
  return `${String(schema['type'] ?? 'any')}${bounds ? ` (${bounds})` : ''}`;
}

function defaultOf(schema: Schema): string {
  if (!('default' in schema)) return '';
  const value = schema['default'];
  if (value && typeof value === 'object' && Object.keys(value).length === 0) return '';
  return `\`${JSON.stringify(value)}\``;
}

function cell(text: string): string {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
