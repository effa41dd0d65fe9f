/**
 * Checks by tools we did not write: xmllint against the official schemas, xmlsec1 against the certificate
 * published in the JWKS. Arguments are passed as arrays (no shell).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_XSD, tempDir } from './paths.js';

export interface ToolResult {
  readonly status: number | null;
  readonly output: string;
}

function run(command: string, args: readonly string[]): ToolResult {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** Validates a whole document with `xmllint --nonet --schema ../shared/xsd/sts-all.xsd`. */
export function xmllintSchema(xml: string, schema = SHARED_XSD): ToolResult {
  const file = join(tempDir('xmllint'), 'doc.xml');
  writeFileSync(file, xml);
  return run('xmllint', ['--nonet', '--noout', '--schema', schema, file]);
}

/** PEM of the first certificate of a JWKS key's x5c. */
export function pemFromX5c(x5c: string): string {
  return `-----BEGIN CERTIFICATE-----\n${x5c.replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
}

/**
 * `xmlsec1 --verify` of a SAML assertion with only the given certificate. The key is pinned
 * (`--enabled-key-data key-name` keeps xmlsec1 from trusting a key the document carries) and the ID
 * attribute is named, as DESIGN.md's traps say.
 */
export function xmlsecVerifyAssertion(assertionXml: string, certificatePem: string, saml: '2.0' | '1.1' = '2.0'): ToolResult {
  const dir = tempDir('xmlsec');
  writeFileSync(join(dir, 'cert.pem'), certificatePem);
  writeFileSync(join(dir, 'assertion.xml'), assertionXml);
  const idAttr = saml === '2.0' ? ['--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion'] : ['--id-attr:AssertionID', 'urn:oasis:names:tc:SAML:1.0:assertion:Assertion'];
  return run('xmlsec1', ['--verify', '--pubkey-cert-pem', join(dir, 'cert.pem'), '--enabled-key-data', 'key-name', ...idAttr, join(dir, 'assertion.xml')]);
}
