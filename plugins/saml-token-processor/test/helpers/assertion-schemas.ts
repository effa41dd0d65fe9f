import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared schema folder: `../shared/xsd` beside the repository (every import in it is local, so `--nonet`
 * holds), or `STS_XSD_DIR`. This file runs from `plugins/saml-token-processor/dist/test/helpers/`.
 */
const XSD_DIR = process.env['STS_XSD_DIR'] ?? fileURLToPath(new URL('../../../../../../shared/xsd/', import.meta.url));
export const SAML20_XSD = join(XSD_DIR, 'saml-schema-assertion-2.0.xsd');
export const SAML11_XSD = join(XSD_DIR, 'cs-sstc-schema-assertion-1.1.xsd');
