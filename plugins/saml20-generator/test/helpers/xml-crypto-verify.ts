import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

/**
 * Verifies the one signature in `xml` with xml-crypto against `certificatePem` only (KeyInfo never consulted,
 * security-rules.md section 3.2 rule 2). Returns exactly what `checkSignature` returned, or false if it threw.
 */
export function xmlCryptoVerify(xml: string, certificatePem: string): boolean {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const signatures = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature');
  if (signatures.length !== 1) return false;
  const verifier = new SignedXml({ publicCert: certificatePem, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signatures[0]! as unknown as Node);
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}
