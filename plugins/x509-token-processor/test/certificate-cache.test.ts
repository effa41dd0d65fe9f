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

  it('keeps at most its bound in DER bytes too, whatever its count bound', () => {
    const sizes = [pki.client.der.length, pki.foreign.der.length, pki.weak.der.length];
    // Room for the two latest certificates, not for all three.
    const cache = new CertificateCache(10_000, sizes[1]! + sizes[2]! + 1);
    const client = cache.parse(pki.client.der);
    const foreign = cache.parse(pki.foreign.der);
    cache.parse(pki.weak.der);
    expect(cache.parse(pki.foreign.der), 'a recent one is kept').to.equal(foreign);
    expect(cache.parse(pki.client.der), 'the oldest went to stay within the bound').to.not.equal(client);
  });

  it('refuses bytes after a certificate it already knows (the whole DER is the key)', () => {
    const cache = new CertificateCache(4);
    cache.parse(pki.client.der);
    expect(() => cache.parse(Buffer.concat([pki.client.der, Buffer.from([0])]))).to.throw(FailedAuthenticationError, /bytes after the certificate/);
  });

  it('refuses bytes that are not a certificate, and keeps nothing for them', () => {
    const cache = new CertificateCache(4);
    const text = Buffer.from('not a certificate').toString('base64');
    expect(() => cache.parse(Buffer.from('not a certificate'), text)).to.throw(FailedAuthenticationError, /does not hold a DER X.509 certificate/);
    expect(cache.known(text), 'a refused text is not remembered').to.equal(undefined);
  });

  it('finds a certificate by the exact token text it was decoded from, and by no other text', () => {
    const cache = new CertificateCache(4);
    const text = pki.client.der.toString('base64');
    expect(cache.known(text)).to.equal(undefined);
    const parsed = cache.parse(pki.client.der, text);
    expect(cache.known(text)).to.equal(parsed);
    const wrapped = text.replace(/(.{64})/g, '$1\n');
    expect(cache.known(wrapped), 'another spelling is decoded again').to.equal(undefined);
    expect(cache.parse(pki.client.der, wrapped), 'and gives the certificate already parsed').to.equal(parsed);
    expect(cache.known(`${text.slice(0, -4)}AAAA`)).to.equal(undefined);
  });

  it('keeps at most 4 MB of token texts, whatever its count bound', () => {
    const cache = new CertificateCache(10_000);
    const text = pki.client.der.toString('base64');
    // Spellings of one certificate padded with line breaks (xs:base64Binary allows them): 1 MB each.
    const spellings = [0, 1, 2, 3, 4].map((i) => `${text}${'\n'.repeat(1024 * 1024 - text.length - i)}`);
    for (const spelling of spellings) cache.parse(pki.client.der, spelling);
    expect(cache.known(spellings[4]!), 'the latest is kept').to.not.equal(undefined);
    expect(cache.known(spellings[0]!), 'the oldest went to stay within 4 MB').to.equal(undefined);
  });
});
