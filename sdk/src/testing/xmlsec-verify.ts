/**
 * `xmlsecVerify()`: XML signature verification by xmlsec1 (libxmlsec), an implementation we did not write,
 * trusting one certificate and nothing the document carries.
 * @public
 */
import { join } from 'node:path';
import { runTool, type ToolResult } from './run-tool.js';
import { withTempDir } from './with-temp-dir.js';

/**
 * An attribute that xmlsec1 must treat as an XML ID (`--id-attr:<name> <namespaceUri>:<localName>`), so that a
 * Reference `#value` resolves to the element carrying it.
 * @public
 */
export interface XmlIdAttribute {
  /** The attribute's name, e.g. `ID` (SAML 2.0), `AssertionID` (SAML 1.1), `Id` (wsu:Id on a SOAP part). */
  readonly name: string;
  /** The namespace of the element carrying it. */
  readonly namespaceUri: string;
  /** The local name of the element carrying it, e.g. `Assertion`. */
  readonly localName: string;
}

/** What {@link xmlsecVerify} checks. @public */
export interface XmlsecVerifyOptions {
  /** The signed document. */
  readonly xml: string;
  /** The one certificate whose key may verify the signature. */
  readonly certificatePem: string;
  /** The ID attribute of each referenced element. */
  readonly idAttribute: XmlIdAttribute | readonly XmlIdAttribute[];
}

/** A {@link ToolResult} with the verdict xmlsec1 reached. @public */
export interface XmlsecResult extends ToolResult {
  /**
   * `OK` (exit 0 and a line `OK`) or `FAIL` (exit 1 and a line `FAIL`); undefined when xmlsec1 reached no
   * verdict, e.g. a key that did not load, which a negative test must not mistake for a failed signature.
   */
  readonly verdict: 'OK' | 'FAIL' | undefined;
}

/**
 * Verifies the signature in `xml` with xmlsec1 1.2.x, trusting only `certificatePem`:
 * `xmlsec1 --verify --pubkey-cert-pem cert.pem --enabled-key-data key-name --id-attr:<name> <ns>:<element> doc.xml`.
 *
 * The key is always pinned: without `--enabled-key-data key-name`, xmlsec1 also takes a `ds:KeyValue` from the
 * document, so a forgery that carries its own key verifies (DESIGN.md, "Known traps"). Check a positive result
 * with a tampered twin that must give `FAIL`.
 * @public
 */
export function xmlsecVerify(options: XmlsecVerifyOptions): XmlsecResult {
  const ids = ([] as XmlIdAttribute[]).concat(options.idAttribute);
  const result = withTempDir({ 'cert.pem': options.certificatePem, 'document.xml': options.xml }, (dir) =>
    runTool('xmlsec1', [
      '--verify',
      '--pubkey-cert-pem', join(dir, 'cert.pem'),
      '--enabled-key-data', 'key-name',
      ...ids.flatMap((id) => [`--id-attr:${id.name}`, `${id.namespaceUri}:${id.localName}`]),
      join(dir, 'document.xml'),
    ]),
  );
  return { ...result, verdict: verdictOf(result) };
}

function verdictOf(result: ToolResult): XmlsecResult['verdict'] {
  if (result.status === 0 && /^OK$/m.test(result.output)) return 'OK';
  if (result.status === 1 && /^FAIL$/m.test(result.output)) return 'FAIL';
  return undefined;
}
