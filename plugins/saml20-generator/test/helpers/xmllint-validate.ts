import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool, type ToolResult } from './run-tool.js';
import { withTempDir } from './with-temp-dir.js';

/**
 * The shared schema folder: `../shared/xsd` beside the repository (every import in it is local, so `--nonet`
 * holds; see its SOURCES.md), or `STS_XSD_DIR`. This file runs from `plugins/saml20-generator/dist/test/helpers/`.
 */
const XSD_DIR = process.env['STS_XSD_DIR'] ?? fileURLToPath(new URL('../../../../../../shared/xsd/', import.meta.url));

/** The SAML 2.0 assertion schema. */
export const SAML20_ASSERTION_XSD = join(XSD_DIR, 'saml-schema-assertion-2.0.xsd');

/** Validates `xml` against `schemaPath` with `xmllint --nonet --noout --schema`; status 0 means valid. */
export function xmllintValidate(xml: string, schemaPath: string = SAML20_ASSERTION_XSD): ToolResult {
  return withTempDir({ 'token.xml': xml }, (dir) =>
    runTool('xmllint', ['--nonet', '--noout', '--schema', schemaPath, join(dir, 'token.xml')]),
  );
}
