/**
 * `xmlsecDecrypt()`: XML Encryption by xmlsec1 (libxmlsec), an implementation we did not write, with only the
 * recipient's private key: `xmlsec1 --decrypt --privkey-pem key.pem doc.xml`.
 * @public
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { ToolResult } from './run-tool.js';
import { withTempDir } from './with-temp-dir.js';

/** The tool's result and, when it decrypted, the document with the EncryptedData replaced. @public */
export interface XmlsecDecryptResult extends ToolResult {
  /** The decrypted document (xmlsec1's stdout), or undefined when xmlsec1 failed. */
  readonly decrypted: string | undefined;
}

/**
 * Decrypts the first `xenc:EncryptedData` in `xml` with xmlsec1 1.2.x, holding `privateKeyPem` (PKCS#8 or
 * PKCS#1) as the only key; the EncryptedKey inside it must be addressed to that key.
 * @public
 */
export function xmlsecDecrypt(xml: string, privateKeyPem: string): XmlsecDecryptResult {
  // Not runTool(): the decrypted document is stdout alone, without xmlsec1's messages on stderr.
  const run = withTempDir({ 'key.pem': privateKeyPem, 'document.xml': xml }, (dir) =>
    spawnSync('xmlsec1', ['--decrypt', '--privkey-pem', join(dir, 'key.pem'), join(dir, 'document.xml')], { encoding: 'utf8', timeout: 20_000 }),
  );
  if (run.error) throw new Error(`cannot run xmlsec1: ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`, decrypted: run.status === 0 ? run.stdout : undefined };
}
