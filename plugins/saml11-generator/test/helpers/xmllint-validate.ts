import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool, type ToolResult } from './run-tool.js';
import { withTempDir } from './with-temp-dir.js';

/**
 * The shared schema folder: `../shared/xsd` beside the repository (every import in it is local, so `--nonet`
 * holds; see its SOURCES.md), or `STS_XSD_DIR`. This file runs from `plugins/saml11-generator/dist/test/helpers/`.
 */
const XSD_DIR = process.env['STS_XSD_DIR'] ?? fileURLToPath(new URL('../../../../../../shared/xsd/', import.meta.url));

/** The SAML 1.1 assertion schema (SAML 1.1 keeps the 1.0 namespace). */
export const SAML11_ASSERTION_XSD = join(XSD_DIR, 'cs-sstc-schema-assertion-1.1.xsd');

/** Validates `xml` against `schemaPath` with `xmllint --nonet --noout --schema`; status 0 means valid. */
export function xmllintValidate(xml: string, schemaPath: string = SAML11_ASSERTION_XSD): ToolResult {
  return withTempDir({ 'token.xml': xml }, (dir) =>
    runTool('xmllint', ['--nonet', '--noout', '--schema', schemaPath, join(dir, 'token.xml')]),
  );
}
