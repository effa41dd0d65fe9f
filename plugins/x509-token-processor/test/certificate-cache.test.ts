import { expect } from 'chai';
import { FailedAuthenticationError } from '@sts/sdk';
import { CertificateCache } from '../src/certificate-cache.js';
import { testPki, type TestPki } from './helpers/test-pki.js';

describe('CertificateCache', function () {
  this.timeout(60_000);
  let pki: TestPki;
  before(async () => {
    pki = await testPki();
  });

  it('parses a certificate once: the same bytes give the same parsed certificate', () => {
    const cache = new CertificateCache(4);
    const first = cache.parse(pki.client.der);
    expect(cache.parse(Buffer.from(pki.client.der))).to.equal(first);
    expect(first.certificate.raw.equals(pki.client.der)).to.equal(true);
    expect(first.publicKeySha256).to.match(/^[0-9a-f]{64}$/);
  });

  it('keeps at most its bound: the least recently used certificate is parsed again', () => {
    const cache = new CertificateCache(2);
    const client = cache.parse(pki.client.der);
    cache.parse(pki.foreign.der);
    cache.parse(pki.weak.der);
    expect(cache.parse(pki.client.der)).to.not.equal(client);
  });

  it('refuses bytes after a certificate it already knows (the whole DER is the key)', () => {
    const cache = new CertificateCache(4);
    cache.parse(pki.client.der);
    expect(() => cache.parse(Buffer.concat([pki.client.der, Buffer.from([0])]))).to.throw(FailedAuthenticationError, /bytes after the certificate/);
  });

  it('refuses bytes that are not a certificate, and keeps nothing for them', () => {
    const cache = new CertificateCache(4);
    expect(() => cache.parse(Buffer.from('not a certificate'))).to.throw(FailedAuthenticationError, /does not hold a DER X.509 certificate/);
  });
});
