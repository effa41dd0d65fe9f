import { join } from 'node:path';
import { runTool, type ToolResult } from './run-tool.js';
import { withTempDir } from './with-temp-dir.js';

/** Options of {@link xmlsec1Verify}. */
export interface Xmlsec1VerifyOptions {
  /** The ID attribute and its element, `<namespace-uri>:<local-name>` (default: SAML 1.1 Assertion/@AssertionID). */
  readonly idAttribute?: { readonly name: string; readonly element: string };
  /**
   * Restrict xmlsec1 to the key we load (default true). Without it, xmlsec1 also takes a `ds:KeyValue` from the
   * document, so a forgery carrying its own key verifies (DESIGN.md, "Known traps"). Tests turn it off only to
   * show that a forgery would otherwise pass.
   */
  readonly pinKey?: boolean;
}

/**
 * Verifies the signature in `xml` with xmlsec1 1.2.x, trusting only `certificatePem`:
 * `xmlsec1 --verify --pubkey-cert-pem cert.pem --enabled-key-data key-name --id-attr:AssertionID <ns>:Assertion token.xml`.
 */
export function xmlsec1Verify(xml: string, certificatePem: string, options: Xmlsec1VerifyOptions = {}): ToolResult {
  const id = options.idAttribute ?? { name: 'AssertionID', element: 'urn:oasis:names:tc:SAML:1.0:assertion:Assertion' };
  return withTempDir({ 'cert.pem': certificatePem, 'token.xml': xml }, (dir) =>
    runTool('xmlsec1', [
      '--verify',
      '--pubkey-cert-pem', join(dir, 'cert.pem'),
      ...(options.pinKey === false ? [] : ['--enabled-key-data', 'key-name']),
      `--id-attr:${id.name}`, id.element,
      join(dir, 'token.xml'),
    ]),
  );
}
