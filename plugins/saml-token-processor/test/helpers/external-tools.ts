import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared schema folder: `../shared/xsd` beside the repository (every import in it is local, so `--nonet`
 * holds), or `STS_XSD_DIR`. This file runs from `plugins/saml-token-processor/dist/test/helpers/`.
 */
const XSD_DIR = process.env['STS_XSD_DIR'] ?? fileURLToPath(new URL('../../../../../../shared/xsd/', import.meta.url));
export const SAML20_XSD = join(XSD_DIR, 'saml-schema-assertion-2.0.xsd');
export const SAML11_XSD = join(XSD_DIR, 'cs-sstc-schema-assertion-1.1.xsd');

/** The exit status and combined output of a tool run. */
export interface ToolResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs a tool on files written to a private temporary folder; no shell, so no value reaches a command line. */
function runWithFiles(files: Readonly<Record<string, string>>, args: (dir: string) => readonly string[], command: string): ToolResult {
  const dir = mkdtempSync(join(tmpdir(), 'sts-saml-processor-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const result = spawnSync(command, args(dir), { encoding: 'utf8', timeout: 20_000 });
    if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `xmllint --nonet --noout --schema`: status 0 means valid. */
export function xmllintValidate(xml: string, schema: string): ToolResult {
  return runWithFiles({ 'token.xml': xml }, (dir) => ['--nonet', '--noout', '--schema', schema, join(dir, 'token.xml')], 'xmllint');
}

/**
 * `xmlsec1 --verify` trusting only `certificatePem`, with the key pinned (`--enabled-key-data key-name`, see
 * DESIGN.md "Known traps") and the ID attribute named: `{ name: 'ID', element: '<ns>:Assertion' }`.
 */
export function xmlsec1Verify(xml: string, certificatePem: string, id: { readonly name: string; readonly element: string }): ToolResult {
  return runWithFiles({ 'cert.pem': certificatePem, 'token.xml': xml }, (dir) => [
    '--verify',
    '--pubkey-cert-pem', join(dir, 'cert.pem'),
    '--enabled-key-data', 'key-name',
    `--id-attr:${id.name}`, id.element,
    join(dir, 'token.xml'),
  ], 'xmlsec1');
}
