/**
 * `xmllintValidate()`: schema validation by libxml2's own command-line tool.
 * @public
 */
import { join } from 'node:path';
import { runTool, type ToolResult } from './run-tool.js';
import { withTempDir } from './with-temp-dir.js';

/**
 * Validates `xml` against the XML Schema at `schemaPath` with `xmllint --nonet --noout --schema`; status 0 means
 * valid. `--nonet` forbids fetching anything, so every import of the schema must resolve locally.
 * @public
 */
export function xmllintValidate(xml: string, schemaPath: string): ToolResult {
  return withTempDir({ 'document.xml': xml }, (dir) =>
    runTool('xmllint', ['--nonet', '--noout', '--schema', schemaPath, join(dir, 'document.xml')]),
  );
}
