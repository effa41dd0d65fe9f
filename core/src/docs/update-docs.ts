/**
 * `npm run docs`: regenerates the README's configuration reference and the JSON Schema files editors use
 * (`$schema` in the demo config and plugins.json). test/core/docs.test.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generatedDocs, replaceSection } from './generated-docs.js';

const root = process.argv[2] ?? '.';
const docs = generatedDocs();
let readme = readFileSync(`${root}/README.md`, 'utf8');
for (const [name, body] of Object.entries(docs.sections)) readme = replaceSection(readme, name, body);
writeFileSync(`${root}/README.md`, readme);
for (const [file, body] of Object.entries(docs.files)) writeFileSync(`${root}/${file}`, body);
process.stdout.write(`updated README.md and ${Object.keys(docs.files).join(', ')}\n`);
