/**
 * The fixtures the processor tests start from are what a real issuer sends: schema-valid SAML (xmllint) and
 * signatures that xmlsec1, a verifier we did not write, accepts with the key pinned. Their tampered twins fail
 * in xmlsec1 as they fail in the processor, so the refusals in the other files are not artefacts of our fixtures.
 */
import { expect } from 'chai';
import type { SigningKey } from '@sts/sdk';
import { createTestSigningKeys, xmllintValidate, xmlsecVerify } from '@sts/sdk/testing';
import { NS } from '@sts/sdk/xml';
import { SAML11_XSD, SAML20_XSD } from './helpers/assertion-schemas.js';
import { saml11Assertion, saml20Assertion, signSaml11, signSaml20 } from './helpers/fixtures.js';

describe('saml-token-processor test fixtures, checked by external tools', () => {
  let key: SigningKey;
  let saml20: string;
  let saml11: string;

  before(async () => {
    key = (await createTestSigningKeys('idp-key')).get();
    saml20 = signSaml20(saml20Assertion(), key);
    saml11 = signSaml11(saml11Assertion(), key);
  });

  it('the signed SAML 2.0 assertion is valid against the SAML 2.0 assertion schema', () => {
    const result = xmllintValidate(saml20, SAML20_XSD);
    expect(result.status, result.output).to.equal(0);
  });

  it('the signed SAML 1.1 assertion is valid against the SAML 1.1 assertion schema', () => {
    const result = xmllintValidate(saml11, SAML11_XSD);
    expect(result.status, result.output).to.equal(0);
  });

  it('xmlsec1 verifies the SAML 2.0 signature and refuses its tampered twin', () => {
    const idAttribute = { name: 'ID', namespaceUri: NS.saml2, localName: 'Assertion' };
    const ok = xmlsecVerify({ xml: saml20, certificatePem: key.certificatePem, idAttribute });
    expect(ok.status, ok.output).to.equal(0);
    const twin = saml20.replace('>admin<', '>superuser<');
    expect(xmlsecVerify({ xml: twin, certificatePem: key.certificatePem, idAttribute }).status).to.not.equal(0);
  });

  it('xmlsec1 verifies the SAML 1.1 signature and refuses its tampered twin', () => {
    const idAttribute = { name: 'AssertionID', namespaceUri: NS.saml1, localName: 'Assertion' };
    const ok = xmlsecVerify({ xml: saml11, certificatePem: key.certificatePem, idAttribute });
    expect(ok.status, ok.output).to.equal(0);
    const twin = saml11.replace('>admin<', '>superuser<');
    expect(xmlsecVerify({ xml: twin, certificatePem: key.certificatePem, idAttribute }).status).to.not.equal(0);
  });
});
