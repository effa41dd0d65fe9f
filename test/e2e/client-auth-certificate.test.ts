/**
 * Issue 11 item 2: TLS client-certificate authentication on the WS-Trust face, through the real server
 * process and its HTTPS listener (`sts start`, one worker), with certificates made at test time: a test CA
 * the listener trusts (server.tls.clientCaFiles), a client certificate it issued that a DN rule names, and,
 * under the same subject DN, one from an untrusted CA, an expired one, and one whose subject no rule names.
 * Every negative test starts from the valid request (joe's UsernameToken for urn:example:sp-cert with the
 * trusted certificate), changes one thing, and asserts wst:FailedAuthentication (no Basic challenge), the
 * precise reason in the server log, an audit line `refused` without a client id, and no `issued` line.
 * The audit line of an accepted request names the client (certificate or Basic).
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { dirname, join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { buildIssueRequest, parseIssueResponse } from '@sts/sdk/client';
import { expectFaultResponse } from '../helpers/expect-fault.js';
import { freePort } from '../helpers/free-port.js';
import { TEST_KEYS_DIR, tempDir } from '../helpers/paths.js';
import { demoConfig } from '../helpers/start-test-sts.js';
import { startStsProcess, type StsProcess } from '../helpers/sts-process.js';
import { tryScript } from '../helpers/try-script.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY = 86_400_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const CA_DN = 'CN=Client Auth Test CA, O=Example Test';
const CLIENT_DN = 'CN=cert-wsc, O=Example Test';
const PARTNER = 'urn:example:sp-cert';

interface Pem {
  readonly cert: string;
  readonly key: string;
}

interface Authority {
  readonly certificate: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key)).toString('base64');
  return `-----BEGIN PRIVATE KEY-----\n${der.replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

async function authority(now: Date): Promise<Authority> {
  const keys = await keyPair();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    // RFC 4514 order in the config; in the certificate the most general RDN comes first.
    name: 'O=Example Test, CN=Client Auth Test CA',
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 30 * DAY),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  return { certificate, keys };
}

async function clientCertificate(ca: Authority, subject: string, notBefore: Date, notAfter: Date, serialNumber: string): Promise<Pem> {
  const keys = await keyPair();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject,
    issuer: ca.certificate.subjectName,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  return { cert: certificate.toString('pem'), key: await pkcs8Pem(keys.privateKey) };
}

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly wwwAuthenticate: string | undefined;
}

describe('e2e: TLS client-certificate authentication through the HTTPS listener (issue 11 item 2)', function () {
  this.timeout(90_000);
  let sts: StsProcess;
  let tlsPort: number;
  let serverCa: string;
  let auditFile: string;
  const certs: Record<'trusted' | 'untrusted' | 'expired' | 'stranger' | 'notAllowed' | 'otherIssuer', Pem> = {} as never;

  before(async () => {
    const now = new Date();
    const dir = tempDir('client-auth-cert');
    const ca = await authority(now);
    const rogue = await authority(now);
    const valid = [new Date(now.getTime() - DAY), new Date(now.getTime() + 7 * DAY)] as const;
    certs.trusted = await clientCertificate(ca, 'O=Example Test, CN=cert-wsc', ...valid, '10');
    certs.untrusted = await clientCertificate(rogue, 'O=Example Test, CN=cert-wsc', ...valid, '10');
    certs.expired = await clientCertificate(ca, 'O=Example Test, CN=cert-wsc', new Date(now.getTime() - 10 * DAY), new Date(now.getTime() - DAY), '11');
    certs.stranger = await clientCertificate(ca, 'O=Example Test, CN=stranger', ...valid, '12');
    certs.notAllowed = await clientCertificate(ca, 'O=Example Test, CN=other-cert', ...valid, '13');
    certs.otherIssuer = await clientCertificate(ca, 'O=Example Test, CN=issuer-pinned', ...valid, '14');
    const caFile = join(dir, 'client-ca.pem');
    writeFileSync(caFile, ca.certificate.toString('pem'));

    const config = demoConfig();
    const cert = structuredClone(config['spConnections'].find((c: { id: string }) => c.id === 'demo-sp'));
    cert.id = 'demo-sp-cert';
    cert.partnerServiceIds = [{ id: PARTNER }];
    cert.clientAuthentication = { method: 'certificate', clients: ['cert-wsc', 'issuer-pinned'] };
    config['spConnections'].push(cert);
    config['clientAuthentication'].clients.push(
      // Spelled with other case and spacing than the certificate: types and values match case-insensitively.
      { clientId: 'cert-wsc', certificate: { subjectDn: 'cn=CERT-wsc,  o=example test', issuerDn: CA_DN } },
      { clientId: 'other-cert', certificate: { subjectDn: 'CN=other-cert, O=Example Test' } },
      { clientId: 'issuer-pinned', certificate: { subjectDn: 'CN=issuer-pinned, O=Example Test', issuerDn: 'CN=Another CA, O=Example Test' } },
    );
    tlsPort = await freePort();
    sts = await startStsProcess({
      workers: 1,
      server: { tls: { port: tlsPort, requestClientCertificate: true, clientCaFiles: [caFile] } },
      config: { clientAuthentication: config['clientAuthentication'], spConnections: config['spConnections'] },
    });
    serverCa = readFileSync(join(TEST_KEYS_DIR, 'tls-cert.pem'), 'utf8');
    auditFile = join(dirname(sts.configFile), 'audit.log');
  });
  after(async () => {
    await sts?.stop();
  });

  function issueBody(base: string, appliesTo = PARTNER) {
    return buildIssueRequest({ endpoint: `${base}/idp/sts.wst`, appliesTo, soapVersion: '1.2', credential: { kind: 'username', username: 'joe', password: '2Federate', passwordType: 'text' } });
  }

  /** POSTs joe's Issue over HTTPS (a fresh connection each time), with the client certificate given, if any. */
  function sendTls(client: Pem | undefined, appliesTo = PARTNER, agent: Agent | false = false, sessions?: boolean[]): Promise<Reply> {
    const base = `https://127.0.0.1:${tlsPort}`;
    const built = issueBody(base, appliesTo);
    return new Promise((ok, fail) => {
      const req = httpsRequest(
        `${base}/idp/sts.wst`,
        { method: 'POST', agent, ca: serverCa, headers: { 'content-type': built.contentType }, ...(client ? { cert: client.cert, key: client.key } : {}) },
        (res) => {
          sessions?.push((res.socket as TLSSocket).isSessionReused());
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? ''), wwwAuthenticate: res.headers['www-authenticate'] }));
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end(built.body);
    });
  }

  async function sendHttp(appliesTo: string, authorization?: string): Promise<Reply> {
    const built = issueBody(sts.base, appliesTo);
    const res = await fetch(`${sts.base}/idp/sts.wst`, { method: 'POST', body: built.body, headers: { 'content-type': built.contentType, ...(authorization ? { authorization } : {}) } });
    return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '', wwwAuthenticate: res.headers.get('www-authenticate') ?? undefined };
  }

  function auditLines(): Record<string, unknown>[] {
    let text = '';
    try {
      text = readFileSync(auditFile, 'utf8');
    } catch {
      // not written yet
    }
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The audit line of the request just answered (the audit log is written asynchronously). */
  async function nextAuditLine(before: number): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const lines = auditLines();
      if (lines.length > before) {
        expect(lines, 'one audit line per request').to.have.length(before + 1);
        return lines[before]!;
      }
      if (Date.now() > deadline) throw new Error('no audit line');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function expectIssuedTo(send: () => Promise<Reply>, clientId: string): Promise<void> {
    const before = auditLines().length;
    const res = await send();
    expect(res.status, res.body).to.equal(200);
    const reply = parseIssueResponse(res.body);
    expect(reply.ok, res.body).to.equal(true);
    const audit = await nextAuditLine(before);
    expect(audit).to.include({ outcome: 'issued', clientId, endpoint: '/idp/sts.wst', subject: 'joe' });
  }

  async function expectClientRefused(send: () => Promise<Reply>, reason: string | RegExp, options: { challenge?: string } = {}): Promise<void> {
    const before = auditLines().length;
    const logFrom = sts.output().length;
    const res = await send();
    expectFaultResponse(res, { soapVersion: '1.2', code: 'FailedAuthentication', ...(options.challenge ? { httpStatus: 401 } : {}) });
    expect(res.wwwAuthenticate).to.equal(options.challenge);
    const audit = await nextAuditLine(before);
    expect(audit, 'nothing issued: the audit line says refused').to.include({ outcome: 'refused', faultCode: 'wst:FailedAuthentication' });
    expect(audit).to.not.have.property('clientId');
    expect(audit).to.not.have.property('tokenType');
    await sts.waitFor(typeof reason === 'string' ? reason : reason, 10_000, logFrom);
    expect(res.body).to.not.include(typeof reason === 'string' ? reason : 'certificate');
  }

  it('issues for the trusted client certificate that the DN rule names (control); the audit line names the client', async () => {
    await expectIssuedTo(() => sendTls(certs.trusted), 'cert-wsc');
  });

  it('recognises the client on a resumed TLS session too (a new connection that reuses the session)', async () => {
    const agent = new Agent({ keepAlive: false, maxCachedSessions: 10, cert: certs.trusted.cert, key: certs.trusted.key, ca: serverCa });
    const sessions: boolean[] = [];
    try {
      for (let i = 0; i < 2; i++) await expectIssuedTo(() => sendTls(certs.trusted, PARTNER, agent, sessions), 'cert-wsc');
    } finally {
      agent.destroy();
    }
    expect(sessions, 'the second connection resumed the first one\'s session').to.deep.equal([false, true]);
  });

  it('refuses a request without a client certificate', async () => {
    await expectClientRefused(() => sendTls(undefined), 'no TLS client certificate');
  });

  it('refuses a certificate with the same subject from an untrusted CA under the trusted CA\'s own DN (only the key differs)', async () => {
    await expectClientRefused(() => sendTls(certs.untrusted), /failed verification: [A-Z_]+/);
  });

  it('refuses an expired certificate from the trusted CA', async () => {
    await expectClientRefused(() => sendTls(certs.expired), /failed verification: CERT_HAS_EXPIRED/);
  });

  it('refuses a trusted certificate whose subject no DN rule names', async () => {
    await expectClientRefused(() => sendTls(certs.stranger), /no client for the certificate [0-9A-F:]+ with subject \\"CN=stranger, O=example test\\"/);
  });

  it('refuses a trusted certificate whose subject a rule names, but whose issuer fails the rule\'s issuer DN', async () => {
    await expectClientRefused(() => sendTls(certs.otherIssuer), /no client for the certificate [0-9A-F:]+ with subject \\"CN=issuer-pinned, O=example test\\" and issuer \\"CN=client auth test ca, O=example test\\"/);
  });

  it('refuses a trusted certificate of a client the connection does not allow', async () => {
    await expectClientRefused(() => sendTls(certs.notAllowed), 'client other-cert is not allowed for connection demo-sp-cert');
  });

  it('refuses the certificate partner over plain HTTP (no TLS, no certificate)', async () => {
    await expectClientRefused(() => sendHttp(PARTNER), 'the request did not come over HTTPS');
  });

  it('a partner without client authentication still issues over HTTPS without a certificate (today\'s behaviour)', async () => {
    const before = auditLines().length;
    const res = await sendTls(undefined, 'urn:example:sp');
    expect(res.status, res.body).to.equal(200);
    const audit = await nextAuditLine(before);
    expect(audit).to.include({ outcome: 'issued' });
    expect(audit).to.not.have.property('clientId');
  });

  it('demo/try.mjs --cert --key --ca presents the client certificate: a token with the trusted one, the fault with one no rule names', async () => {
    const dir = tempDir('try-cert');
    const files = (name: string, pem: Pem) => {
      writeFileSync(join(dir, `${name}.pem`), pem.cert);
      writeFileSync(join(dir, `${name}-key.pem`), pem.key);
      return ['--cert', join(dir, `${name}.pem`), '--key', join(dir, `${name}-key.pem`)];
    };
    const env = { STS_URL: `https://127.0.0.1:${tlsPort}` };
    const common = ['issue', '--applies-to', PARTNER, '--ca', join(TEST_KEYS_DIR, 'tls-cert.pem')];
    const before = auditLines().length;
    const ok = await tryScript([...common, ...files('trusted', certs.trusted)], env);
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.include(`<saml:Audience>${PARTNER}</saml:Audience>`);
    const refused = await tryScript([...common, ...files('stranger', certs.stranger)], env);
    expect(refused.status, refused.stderr).to.equal(1);
    expect(JSON.parse(refused.stdout).subcode.localName).to.equal('FailedAuthentication');
    // The audit log writes in batches (at least every 250 ms): the next test counts lines from a settled log.
    const deadline = Date.now() + 10_000;
    while (auditLines().length < before + 2) {
      if (Date.now() > deadline) throw new Error('no audit lines for the two requests');
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('HTTP Basic in the real process: 401 with the challenge without it, and the audit line names demo-wsc with it', async () => {
    await expectClientRefused(() => sendHttp('urn:example:sp-basic'), 'HTTP Basic client authentication required, and there is no Authorization header', { challenge: 'Basic realm="STS demo", charset="UTF-8"' });
    await expectIssuedTo(() => sendHttp('urn:example:sp-basic', `Basic ${Buffer.from('demo-wsc:demo-wsc-secret').toString('base64')}`), 'demo-wsc');
  });
});
