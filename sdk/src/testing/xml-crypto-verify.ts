/**
 * `xmlCryptoVerify()`: a second opinion on a signature, from plain xml-crypto with the certificate alone.
 * @public
 */
import { createRequire } from 'node:module';
import { SignedXml } from 'xml-crypto';
import { NS } from '../xml/namespaces.js';

/** The part of @xmldom/xmldom used here (required, not imported, so that its DOM typings stay out of the SDK's). */
interface XmldomModule {
  readonly DOMParser: new () => {
    parseFromString(source: string, mimeType: string): { getElementsByTagNameNS(namespaceUri: string, localName: string): ArrayLike<unknown> };
  };
}
const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as XmldomModule;

/**
 * Verifies the one signature in `xml` with xml-crypto against `certificatePem` only (KeyInfo is never consulted,
 * security-rules.md section 3.2 rule 2). `idAttribute` is the one attribute a Reference may resolve by (e.g.
 * `AssertionID` for SAML 1.1); without it xml-crypto's defaults apply (`Id`, `ID`, `id`). Returns exactly what
 * `checkSignature` returned (anything but `true` is a failure), or false when it threw or when `xml` does not
 * hold exactly one signature.
 * @public
 */
export function xmlCryptoVerify(xml: string, certificatePem: string, idAttribute?: string): boolean {
  const signatures = new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(NS.ds, 'Signature');
  if (signatures.length !== 1) return false;
  const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
  if (idAttribute !== undefined) verifier.idAttributes = [idAttribute];
  try {
    verifier.loadSignature(signatures[0] as Parameters<SignedXml['loadSignature']>[0]);
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}
