// @peculiar/x509 resolves its providers through tsyringe, which needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import * as x509 from '@peculiar/x509';
import { escapeRfc4514Value, parseNodeDistinguishedName } from '../src/parse-node-distinguished-name.js';
import { removeFixtures, temporaryDirectory } from './helpers/processor-fixture.js';
import { selfSigned } from './helpers/test-pki.js';

/** OpenSSL's RFC 2253 form without escaping non-ASCII, or undefined when the CLI is not installed. */
function opensslRfc2253(pemFile: string): string | undefined {
  try {
    const out = execFileSync('openssl', ['x509', '-in', pemFile, '-noout', '-subject', '-nameopt', 'RFC2253', '-nameopt', '-esc_msb'], { encoding: 'utf8' });
    return out.replace(/^subject=/, '').replace(/\n$/, '');
  } catch {
    return undefined;
  }
}

describe('parseNodeDistinguishedName', () => {
  afterEach(removeFixtures);

  it('reverses the RDNs into RFC 4514 order and keeps repeated types in certificate order', () => {
    const dn = parseNodeDistinguishedName('C=DE\nO=Example Corp\nOU=Engineering\nOU=STS\nCN=Alice Example');
    expect(dn.rfc4514).to.equal('CN=Alice Example,OU=STS,OU=Engineering,O=Example Corp,C=DE');
    expect(dn.rdns.map((rdn) => rdn.map((a) => `${a.type}=${a.value}`).join('+'))).to.deep.equal([
      'C=DE', 'O=Example Corp', 'OU=Engineering', 'OU=STS', 'CN=Alice Example',
    ]);
  });

  it('reads OpenSSL escapes and writes RFC 4514 section 2.4 escapes', () => {
    const dn = parseNodeDistinguishedName('O=Example\\, Inc.\nCN=\\ a \\+ b \\"q\\" \\<x\\>\\; \\\\ line\\0Abreak\\ ');
    expect(dn.rdns[1]![0]!.value).to.equal(' a + b "q" <x>; \\ line\nbreak ');
    expect(dn.rfc4514).to.equal('CN=\\ a \\+ b \\"q\\" \\<x\\>\\; \\\\ line\\0Abreak\\ ,O=Example\\, Inc.');
  });

  it('reads a multi-valued RDN and does not split at an escaped plus', () => {
    const dn = parseNodeDistinguishedName('C=DE\nCN=a \\+ b + UID=alice');
    expect(dn.rdns[1]).to.deep.equal([{ type: 'CN', value: 'a + b' }, { type: 'UID', value: 'alice' }]);
    expect(dn.rfc4514).to.equal('UID=alice+CN=a \\+ b,C=DE');
  });

  it('keeps non-ASCII characters as they are and dotted OIDs as types', () => {
    const dn = parseNodeDistinguishedName('OU=é ü 日本\n1.2.3.4.5=x=y');
    expect(dn.rfc4514).to.equal('1.2.3.4.5=x=y,OU=é ü 日本');
  });

  it('escapes a leading # and control characters', () => {
    expect(escapeRfc4514Value('#x')).to.equal('\\#x');
    expect(escapeRfc4514Value('a\u0000b\u007f')).to.equal('a\\00b\\7F');
    expect(escapeRfc4514Value('a#b')).to.equal('a#b');
  });

  it('returns an empty DN for an empty name', () => {
    expect(parseNodeDistinguishedName('')).to.deep.equal({ rdns: [], rfc4514: '' });
  });

  it('throws on a line without a type, a dangling escape, or invalid UTF-8 in hex escapes', () => {
    expect(() => parseNodeDistinguishedName('no equals sign')).to.throw(/attribute type/);
    expect(() => parseNodeDistinguishedName('CN=a\\')).to.throw(/dangling escape/);
    expect(() => parseNodeDistinguishedName('CN=\\FF')).to.throw();
    expect(() => parseNodeDistinguishedName('C N=a')).to.throw(/attribute type/);
  });

  it('agrees with openssl -nameopt RFC2253 on a certificate with special characters', async () => {
    const name = new x509.Name([
      { '2.5.4.6': ['DE'] },
      { '2.5.4.10': ['Example, Inc.'] },
      { '2.5.4.11': ['x#lead', ' spaced ', 'é ü 日本'] },
      { '2.5.4.3': ['a + b', 'line\nbreak\u0001', 'q"<x>;\\'] },
      { '1.2.840.113549.1.9.1': ['x@y.example'] },
    ]);
    const { pem } = await selfSigned(name, { ca: false });
    const dir = await temporaryDirectory();
    const file = join(dir, 'c.pem');
    await writeFile(file, pem);
    const expected = opensslRfc2253(file);
    expect(expected, 'openssl must be installed (.ci/run installs it)').to.be.a('string');
    expect(parseNodeDistinguishedName(new X509Certificate(pem).subject).rfc4514).to.equal(expected);
  });
});
