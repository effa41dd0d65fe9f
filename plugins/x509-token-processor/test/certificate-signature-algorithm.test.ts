import { expect } from 'chai';
import { certificateSignatureAlgorithm } from '../src/certificate-signature-algorithm.js';
import { testPki } from './helpers/test-pki.js';

describe('certificateSignatureAlgorithm', function () {
  this.timeout(60_000);

  it('reads sha256WithRSAEncryption and sha1WithRSAEncryption from DER certificates', async () => {
    const pki = await testPki();
    expect(certificateSignatureAlgorithm(pki.client.der)).to.equal('1.2.840.113549.1.1.11');
    expect(certificateSignatureAlgorithm(pki.sha1Signed.der)).to.equal('1.2.840.113549.1.1.5');
  });

  it('throws on DER that is not a Certificate', async () => {
    const pki = await testPki();
    expect(() => certificateSignatureAlgorithm(Buffer.from([0x04, 0x01, 0x00]))).to.throw(/not a DER Certificate/);
    expect(() => certificateSignatureAlgorithm(pki.client.der.subarray(0, 100))).to.throw(/beyond its container|not a DER/);
    expect(() => certificateSignatureAlgorithm(Buffer.alloc(0))).to.throw(/truncated/);
  });
});
