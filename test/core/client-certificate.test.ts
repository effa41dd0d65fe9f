/**
 * The application-level check of a TLS client certificate (core/src/http/client-certificate.ts) and the DN
 * rules (distinguished-name.ts), apart from the handshake: the chain must reach a configured CA and be valid
 * at our clock even when the socket says OpenSSL was satisfied (a listener given other CAs, or none, would
 * trust the system roots), and a DN matches RDN by RDN in RFC 4514 order, case-insensitively.
 */
import 'reflect-metadata';
import { webcrypto, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { REPO_ROOT } from '../helpers/paths.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY = 86_400_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const dist = (file: string) => import(join(REPO_ROOT, 'core', 'dist', 'http', file));

interface Issued {
  readonly certificate: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

async function issue(subject: string, issuer: Issued | undefined, notBefore: Date, notAfter: Date, ca = false): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const extensions = [new x509.BasicConstraintsExtension(ca, undefined, true)];
  const certificate = issuer
    ? await x509.X509CertificateGenerator.create({ serialNumber: '02', subject, issuer: issuer.certificate.subjectName, notBefore, notAfter, signingAlgorithm: ALGORITHM, publicKey: keys.publicKey, signingKey: issuer.keys.privateKey, extensions })
    : await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: subject, notBefore, notAfter, signingAlgorithm: ALGORITHM, keys, extensions });
  return { certificate, keys };
}

/** A TLS socket as node:tls presents it after a handshake that OpenSSL accepted. */
function tlsSocket(chain: Issued[], authorized = true): Socket {
  const peers = chain.map((c) => ({ raw: Buffer.from(c.certificate.rawData) }) as Record<string, unknown>);
  peers.forEach((p, i) => (p['issuerCertificate'] = peers[i + 1] ?? p));
  return { encrypted: true, authorized, authorizationError: authorized ? null : 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', getPeerCertificate: () => peers[0] } as unknown as Socket;
}

describe('the TLS client certificate, checked by the application', () => {
  const now = new Date();
  const valid = [new Date(now.getTime() - DAY), new Date(now.getTime() + 10 * DAY)] as const;
  let ca: Issued;
  let other: Issued;
  let leaf: Issued;
  let verifier: { verify(socket: Socket, now: Date): Record<string, unknown> };
  before(async () => {
    ca = await issue('O=Example Test, CN=Test CA', undefined, ...valid, true);
    other = await issue('O=Example Test, CN=Other CA', undefined, ...valid, true);
    leaf = await issue('C=US, O=Example Test, CN=client', ca, ...valid);
    const { ClientCertificateVerifier } = await dist('client-certificate.js');
    verifier = new ClientCertificateVerifier([new X509Certificate(ca.certificate.toString('pem'))]);
  });

  it('accepts a leaf issued by a configured CA (control) and gives its DNs in RFC 4514 order, normalized', async () => {
    const checked = verifier.verify(tlsSocket([leaf, ca]), now);
    expect(checked).to.deep.include({ subject: ['CN=client', 'O=example test', 'C=us'], issuer: ['CN=test ca', 'O=example test'] });
  });

  it('refuses a chain that does not reach a configured CA, even when the handshake was authorized', async () => {
    const stranger = await issue('O=Example Test, CN=client', other, ...valid);
    expect(verifier.verify(tlsSocket([stranger, other]), now)).to.have.property('problem').that.match(/does not chain to a configured client CA/);
  });

  it('refuses a leaf outside its validity at our clock, even when the handshake was authorized', () => {
    expect(verifier.verify(tlsSocket([leaf, ca]), new Date(now.getTime() + 11 * DAY))).to.have.property('problem').that.match(/certificate 0 of the chain is not valid now/);
    expect(verifier.verify(tlsSocket([leaf, ca]), new Date(now.getTime() - 2 * DAY))).to.have.property('problem').that.match(/not valid now/);
  });

  it('refuses what OpenSSL did not authorize, a missing certificate, and plain HTTP', () => {
    expect(verifier.verify(tlsSocket([leaf, ca], false), now)).to.have.property('problem').that.match(/failed verification: UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(verifier.verify({ encrypted: true, authorized: false, getPeerCertificate: () => ({}) } as unknown as Socket, now)).to.deep.equal({ problem: 'no TLS client certificate' });
    expect(verifier.verify({} as Socket, now)).to.have.property('problem').that.match(/did not come over HTTPS/);
  });

  it('a configured DN matches in RFC 4514 order, types and values case-insensitively; reversed order or another value does not', async () => {
    const { parseConfiguredDn, sameDn } = await dist('distinguished-name.js');
    const subject = (verifier.verify(tlsSocket([leaf, ca]), now) as { subject: string[] }).subject;
    expect(sameDn(parseConfiguredDn('CN=client, O=Example Test, C=US'), subject)).to.equal(true);
    expect(sameDn(parseConfiguredDn('cn=CLIENT,o=example   test,c=us'), subject)).to.equal(true);
    expect(sameDn(parseConfiguredDn('C=US, O=Example Test, CN=client'), subject), 'ASN.1 order is not RFC 4514').to.equal(false);
    expect(sameDn(parseConfiguredDn('CN=client, O=Example Test'), subject), 'a prefix').to.equal(false);
    expect(sameDn(parseConfiguredDn('CN=client2, O=Example Test, C=US'), subject)).to.equal(false);
    expect(sameDn(parseConfiguredDn('CN=client\\, O=Example Test, C=US'), subject), 'an escaped comma is part of the value').to.equal(false);
  });
});
