/**
 * Checks by tools we did not write, through `@sts/sdk/testing`: xmllint against the official schemas, xmlsec1
 * against the certificate published in the JWKS (key pinned, ID attribute named).
 */
import { xmllintValidate, xmlsecVerify, type ToolResult, type XmlsecResult } from '@sts/sdk/testing';
import { NS } from '@sts/sdk/xml';
import { SHARED_XSD } from './paths.js';
import type { TestSts } from './start-test-sts.js';

/** Validates a whole document with `xmllint --nonet --schema ../shared/xsd/sts-all.xsd` (or `schema`). */
export function xmllintSchema(xml: string, schema = SHARED_XSD): ToolResult {
  return xmllintValidate(xml, schema);
}

/** PEM of the first certificate of a JWKS key's x5c. */
export function pemFromX5c(x5c: string): string {
  return `-----BEGIN CERTIFICATE-----\n${x5c.replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
}

/** The STS's signing certificate, as PEM: the first x5c of the first key its JWKS publishes. */
export async function stsCertificatePem(t: TestSts): Promise<string> {
  const jwks = (await (await fetch(`${t.base}/.well-known/jwks.json`)).json()) as { keys: { x5c: string[] }[] };
  return pemFromX5c(jwks.keys[0]!.x5c[0]!);
}

/** `xmlsec1 --verify` of a SAML assertion with only the given certificate, its ID attribute named by version. */
export function xmlsecVerifyAssertion(assertionXml: string, certificatePem: string, saml: '2.0' | '1.1' = '2.0'): XmlsecResult {
  const idAttribute =
    saml === '2.0'
      ? { name: 'ID', namespaceUri: NS.saml2, localName: 'Assertion' }
      : { name: 'AssertionID', namespaceUri: NS.saml1, localName: 'Assertion' };
  return xmlsecVerify({ xml: assertionXml, certificatePem, idAttribute });
}
