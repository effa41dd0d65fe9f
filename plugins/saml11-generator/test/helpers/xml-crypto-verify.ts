import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

/**
 * Verifies the one signature in `xml` with xml-crypto against `certificatePem` only (KeyInfo never consulted,
 * security-rules.md section 3.2 rule 2), resolving the Reference by `idAttribute` alone (default `AssertionID`,
 * SAML 1.1; xml-crypto's own defaults are Id, ID and id). Returns exactly what `checkSignature` returned, or
 * false if it threw.
 */
export function xmlCryptoVerify(xml: string, certificatePem: string, idAttribute = 'AssertionID'): boolean {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const signatures = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature');
  if (signatures.length !== 1) return false;
  const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
  verifier.idAttributes = [idAttribute];
  try {
    verifier.loadSignature(signatures[0]! as unknown as Node);
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}
