/**
 * WsTrustClientAuthenticator (core/src/ws-trust/client-authentication.ts) where the end-to-end suites cannot
 * reach cheaply: an endpoint requiring Basic and a connection requiring a certificate at once, so the client
 * must pass both and both must name the same client; a client without a secret trying Basic. The socket is a
 * stand-in for the TLS socket of an accepted handshake; the chain checks themselves are in
 * client-certificate.test.ts and the HTTPS e2e suite.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { parseKernelConfig } from '@sts/core';
import { REPO_ROOT, tempDir } from '../helpers/paths.js';
import { demoConfig } from '../helpers/start-test-sts.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY = 86_400_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const basic = (userColonSecret: string): string => `Basic ${Buffer.from(userColonSecret).toString('base64')}`;

interface Authenticator {
  authenticate(input: { role: string; appliesTo?: string; authorization?: string; socket: Socket; now: Date }): Promise<string | undefined>;
}

describe('client authentication: an endpoint and a connection that each require a method', () => {
  const now = new Date();
  let authenticator: Authenticator;
  let socketOf: (subject: string) => Promise<Socket>;

  before(async () => {
    const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const validity = { notBefore: new Date(now.getTime() - DAY), notAfter: new Date(now.getTime() + DAY) };
    const ca = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=Unit CA', ...validity, signingAlgorithm: ALGORITHM, keys: caKeys, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)] });
    const dir = tempDir('client-auth-unit');
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, ca.toString('pem'));
    socketOf = async (subject) => {
      const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
      const leaf = await x509.X509CertificateGenerator.create({ serialNumber: '02', subject, issuer: ca.subjectName, ...validity, signingAlgorithm: ALGORITHM, publicKey: keys.publicKey, signingKey: caKeys.privateKey });
      const peer: Record<string, unknown> = { raw: Buffer.from(leaf.rawData) };
      peer['issuerCertificate'] = { raw: Buffer.from(ca.rawData) };
      return { encrypted: true, authorized: true, getPeerCertificate: () => peer } as unknown as Socket;
    };

    const raw = demoConfig();
    raw['server'] = { tls: { requestClientCertificate: true, clientCaFiles: [caFile] } };
    raw['clientAuthentication'].endpoints = { idp: 'basic' };
    raw['clientAuthentication'].clients[0].certificate = { subjectDn: 'CN=demo-wsc' };
    raw['clientAuthentication'].clients.push({ clientId: 'other', certificate: { subjectDn: 'CN=other' } });
    const both = structuredClone(raw['spConnections'].find((c: { id: string }) => c.id === 'demo-sp'));
    both.id = 'demo-sp-both';
    both.partnerServiceIds = [{ id: 'urn:example:sp-both' }];
    both.clientAuthentication = { method: 'certificate' };
    raw['spConnections'].push(both);
    const { WsTrustClientAuthenticator } = await import(join(REPO_ROOT, 'core', 'dist', 'ws-trust', 'client-authentication.js'));
    const { ClientSecretVerifier } = await import(join(REPO_ROOT, 'core', 'dist', 'http', 'client-secret-verifier.js'));
    const config = parseKernelConfig(raw, join(dir, 'sts.config.json'));
    authenticator = new WsTrustClientAuthenticator(config, new ClientSecretVerifier(config.security.clientSecretCache, { now: () => new Date() }));
  });

  async function refusal(input: Parameters<Authenticator['authenticate']>[0]): Promise<{ message: string; challenge?: string; faultCode: string }> {
    try {
      await authenticator.authenticate(input);
    } catch (error) {
      return error as { message: string; challenge?: string; faultCode: string };
    }
    throw new Error('authenticated');
  }

  it('Basic at the endpoint and the certificate at the connection, naming the same client: that client (control)', async () => {
    expect(await authenticator.authenticate({ role: 'idp', appliesTo: 'urn:example:sp-both', authorization: basic('demo-wsc:demo-wsc-secret'), socket: await socketOf('CN=demo-wsc'), now })).to.equal('demo-wsc');
  });

  it('refuses Basic and a certificate that name different clients, with the Basic challenge', async () => {
    const error = await refusal({ role: 'idp', appliesTo: 'urn:example:sp-both', authorization: basic('demo-wsc:demo-wsc-secret'), socket: await socketOf('CN=other'), now });
    expect(error.message).to.equal('Basic and the client certificate name different clients (demo-wsc, other)');
    expect(error.faultCode).to.equal('FailedAuthentication');
    expect(error.challenge).to.equal('Basic realm="STS demo", charset="UTF-8"');
  });

  it('refuses the right certificate without Basic, and Basic without a certificate', async () => {
    expect((await refusal({ role: 'idp', appliesTo: 'urn:example:sp-both', socket: await socketOf('CN=demo-wsc'), now })).message).to.match(/no Authorization header/);
    expect((await refusal({ role: 'idp', appliesTo: 'urn:example:sp-both', authorization: basic('demo-wsc:demo-wsc-secret'), socket: {} as Socket, now })).message).to.match(/did not come over HTTPS/);
  });

  it('refuses Basic for a client that has a certificate rule but no secret', async () => {
    const error = await refusal({ role: 'idp', appliesTo: 'urn:example:sp', authorization: basic('other:anything'), socket: {} as Socket, now });
    expect(error.message).to.equal('client other has no secretHash and cannot use Basic');
  });

  it('requires nothing at an endpoint and connection that require none (the Authorization header is not looked at)', async () => {
    expect(await authenticator.authenticate({ role: 'sp', authorization: 'garbage', socket: {} as Socket, now })).to.equal(undefined);
  });
});
