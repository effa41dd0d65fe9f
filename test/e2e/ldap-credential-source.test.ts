/**
 * Issue 11 part 1: the UsernameToken processor against a real OpenLDAP slapd (started by the test, see
 * test/helpers/slapd.ts). Every negative test starts from a valid login and changes one thing; it asserts the
 * precise fault and that nothing was issued. A directory that cannot answer is wst:RequestFailed and makes
 * the STS not ready; it never turns into a token.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { expect } from 'chai';
import { FailedAuthenticationError, MemoryStateStore, TokenType, type ReceivedToken, type TokenProcessor } from '@sts/sdk';
import { createTestInstance, ManualClock, RecordingLogger } from '@sts/sdk/testing';
import { NS, UsernameTokenUri, type XmlElementData } from '@sts/sdk/xml';
import usernameTokenProcessor from '@sts/username-token-processor';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { validRequest } from '../helpers/issue-request.js';
import { demoInstances, startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { DUPLICATE_UID, LDAP_ANN, LDAP_JOE, SERVICE_DN, SERVICE_PASSWORD, SUFFIX, startSlapd, type TestSlapd } from '../helpers/slapd.js';

/** The demo manifest with the username processor reading `ldap` (and the lockout/cache settings given). */
function ldapInstances(ldap: Record<string, unknown>, more: Record<string, unknown> = {}): Record<string, any>[] {
  return demoInstances().map((i) => (i['id'] === 'username'
    ? { ...i, config: { allowPasswordDigest: false, credentialCache: { ttlSeconds: 0 }, ...more, ldap } }
    : i));
}

function ldapConfig(slapd: TestSlapd, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    url: slapd.url,
    allowUnencrypted: true,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    userSearchBase: SUFFIX,
    userSearchFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
    subjectAttribute: 'uid',
    attributes: { mail: 'mail', businessCategory: 'role' },
    connectTimeoutMs: 1000,
    operationTimeoutMs: 1000,
    ...extra,
  };
}

/** A UsernameToken (PasswordText) as the kernel hands it to the processor. */
function textToken(username: string, password: string): ReceivedToken {
  const el = (localName: string, text: string, attributes: Record<string, string> = {}): XmlElementData => ({ namespaceUri: NS.wsse, localName, attributes, children: [], text });
  return {
    tokenType: TokenType.UsernameToken,
    source: 'security-header',
    purpose: 'use',
    element: { namespaceUri: NS.wsse, localName: 'UsernameToken', attributes: {}, text: '', children: [el('Username', username), el('Password', password, { Type: UsernameTokenUri.passwordText })] },
    context: { requestId: 'req-1', clientAddress: '192.0.2.10', endpoint: '/idp/sts.wst', soapVersion: '1.2', receivedAt: new Date() },
  };
}

/** The processor alone, created as the kernel creates it, on the given LDAP config. */
async function directProcessor(ldap: Record<string, unknown>, more: Record<string, unknown> = {}): Promise<{ processor: TokenProcessor; logger: RecordingLogger }> {
  const clock = new ManualClock(new Date());
  const logger = new RecordingLogger();
  const processor = await createTestInstance(usernameTokenProcessor, { clock, stateStore: new MemoryStateStore(clock) }, {
    logger,
    config: { allowPasswordDigest: false, credentialCache: { ttlSeconds: 0 }, lockout: { maxFailures: 1000 }, ...more, ldap },
  });
  return { processor, logger };
}

const joe = (t: TestSts, changes: { username?: string; password?: string } = {}) =>
  validRequest(t, { username: changes.username ?? LDAP_JOE.uid, password: changes.password ?? LDAP_JOE.password });

describe('e2e LDAP credential source (real slapd)', function () {
  this.timeout(60_000);
  let slapd: TestSlapd;
  before(async () => {
    slapd = await startSlapd();
  });
  after(() => slapd?.close());

  describe('over ldap:// against a running directory', () => {
    let t: TestSts;
    before(async () => {
      t = await startTestSts({ instances: ldapInstances(ldapConfig(slapd), { lockout: { maxFailures: 3 } }) });
    });
    after(() => t.close());

    it('issues for the directory password, with the directory attributes under their mapped names', async () => {
      const reply = await expectIssued(t, joe(t));
      const xml = JSON.stringify(reply);
      expect(xml).to.include(LDAP_JOE.mail);
      for (const group of LDAP_JOE.groups) expect(xml).to.include(group);
      expect((await t.sts.readiness()).ready).to.equal(true);
    });

    it('refuses a wrong password', async () => {
      await expectRefused(t, validRequest(t, { username: LDAP_ANN.uid, password: `${LDAP_ANN.password}x` }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      await expectIssued(t, validRequest(t, { username: LDAP_ANN.uid, password: LDAP_ANN.password }));
    });

    it('refuses a user the directory does not have', async () => {
      await expectRefused(t, joe(t, { username: 'nobody' }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    });

    it('refuses an empty password (never an unauthenticated bind)', async () => {
      await expectRefused(t, joe(t, { password: '' }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    });

    for (const username of ['*', 'jo*', '*)(uid=*', 'joe)(uid=*', ')(uid=*', 'joe)(|(uid=*', 'joe\\', `${'x'.repeat(10 * 1024)}`]) {
      it(`refuses filter injection in the username: ${JSON.stringify(username.slice(0, 20))}${username.length > 20 ? ` (${username.length} characters)` : ''}`, async () => {
        // joe's right password: a filter that matched joe (or anyone) would issue.
        await expectRefused(t, joe(t, { username }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      });
    }

    it('refuses a username that matches two entries, and logs it as a directory problem', async () => {
      const before = t.logger.records.length;
      await expectRefused(t, joe(t, { username: DUPLICATE_UID, password: 'twin-password' }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      expect(t.logger.records.slice(before).some((r) => /more than one entry/.test(r.message ?? ""))).to.equal(true);
    });

    it('locks out after maxFailures wrong passwords, whatever the spelling of the username', async () => {
      for (let i = 0; i < 3; i++) await expectRefused(t, joe(t, { password: `wrong-${i}` }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      await expectRefused(t, joe(t), { soapVersion: '1.2', code: 'FailedAuthentication' });
      // the directory matches uid case-insensitively: JOE is the same account and is locked too
      await expectRefused(t, joe(t, { username: 'JOE' }), { soapVersion: '1.2', code: 'FailedAuthentication' });
      t.clock.advance(901_000);
      await expectIssued(t, joe(t));
    });
  });

  describe('the processor alone', () => {
    let processor: TokenProcessor;
    before(async () => {
      ({ processor } = await directProcessor(ldapConfig(slapd, { maxConnections: 1 })));
    });
    after(() => processor.close?.());

    it('serves concurrent logins through a pool of one connection, each with its own outcome', async () => {
      const logins = Array.from({ length: 12 }, (_, i) => (i % 3 === 2
        ? { user: LDAP_ANN, password: 'wrong', ok: false }
        : { user: i % 2 ? LDAP_ANN : LDAP_JOE, password: (i % 2 ? LDAP_ANN : LDAP_JOE).password, ok: true }));
      const results = await Promise.allSettled(logins.map((l) => processor.process(textToken(l.user.uid, l.password))));
      results.forEach((r, i) => {
        expect(r.status, `login ${i}`).to.equal(logins[i]!.ok ? 'fulfilled' : 'rejected');
        if (r.status === 'fulfilled') expect(r.value.subject).to.equal(logins[i]!.user.uid);
        else expect(r.reason).to.be.instanceOf(FailedAuthenticationError);
      });
    });

    it('refuses a username with NUL (escaped \\00, so it cannot end the filter value)', async () => {
      for (const username of ['joe\u0000', 'joe\u0000)(uid=*', '\u0000']) {
        const error = await processor.process(textToken(username, LDAP_JOE.password)).then(() => undefined, (e: unknown) => e);
        expect(error, JSON.stringify(username)).to.be.instanceOf(FailedAuthenticationError);
      }
    });

    // That an unknown user costs the same directory work as a wrong password (one search, one bind) is
    // asserted by counting binds in plugins/username-token-processor/test/ldap-validator.test.ts: a timing
    // comparison here would be a timed test on a shared machine.
  });

  describe('TLS', () => {
    it('issues over StartTLS with the test CA, and over ldaps://', async () => {
      for (const ldap of [ldapConfig(slapd, { startTls: true, allowUnencrypted: false, caFile: slapd.caFile }), ldapConfig(slapd, { url: slapd.ldapsUrl, allowUnencrypted: false, caFile: slapd.caFile })]) {
        const t = await startTestSts({ instances: ldapInstances(ldap) });
        try {
          await expectIssued(t, joe(t));
        } finally {
          await t.close();
        }
      }
    });

    it('a directory certificate from another CA is wst:RequestFailed (StartTLS and ldaps://), never a plain-text bind', async () => {
      for (const ldap of [ldapConfig(slapd, { startTls: true, allowUnencrypted: false, caFile: slapd.otherCaFile }), ldapConfig(slapd, { url: slapd.ldapsUrl, allowUnencrypted: false, caFile: slapd.otherCaFile })]) {
        const t = await startTestSts({ instances: ldapInstances(ldap) });
        try {
          await expectRefused(t, joe(t), { soapVersion: '1.2', code: 'RequestFailed', receiver: true });
          expect((await t.sts.readiness()).ready).to.equal(false);
        } finally {
          await t.close();
        }
      }
    });
  });

  describe('a directory that does not answer', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    before(async () => {
      // Accepts connections and never sends a byte: a hung directory.
      silent = createServer((s) => sockets.push(s));
      await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    });
    after(() => {
      for (const s of sockets) s.destroy();
      silent.close();
    });

    it('a server that says yes to StartTLS and then never does the TLS handshake: wst:RequestFailed within the timeouts', async () => {
      // Answers the StartTLS extended request (RFC 4511 section 4.14.2) with success, then stays silent.
      const oid = Buffer.from('1.3.6.1.4.1.1466.20037');
      let connections = 0;
      let closedByClient = 0;
      const quiet = createServer((socket) => {
        connections += 1;
        socket.on('close', () => (closedByClient += 1));
        sockets.push(socket);
        socket.once('data', (request) => {
          // LDAPMessage ::= SEQUENCE { messageID (one byte here: the client's first message), protocolOp }
          const messageId = request[4]!;
          const op = Buffer.concat([Buffer.from([0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00, 0x8a, oid.length]), oid]);
          const body = Buffer.concat([Buffer.from([0x02, 0x01, messageId, 0x78, op.length]), op]);
          socket.write(Buffer.concat([Buffer.from([0x30, body.length]), body]));
        });
      });
      await new Promise<void>((ok) => quiet.listen(0, '127.0.0.1', ok));
      try {
        const url = `ldap://127.0.0.1:${(quiet.address() as { port: number }).port}`;
        const t = await startTestSts({ instances: ldapInstances(ldapConfig(slapd, { url, startTls: true, allowUnencrypted: false, caFile: slapd.caFile, connectTimeoutMs: 300, operationTimeoutMs: 300 })) });
        try {
          for (let i = 0; i < 2; i++) {
            const started = Date.now();
            await expectRefused(t, joe(t), { soapVersion: '1.2', code: 'RequestFailed', receiver: true });
            expect(Date.now() - started).to.be.below(3000);
          }
          // The hung handshake was given up and its connection closed: the next request tried a new one
          // (a connection left hanging would have held the service connection, and every search, forever).
          for (let waited = 0; closedByClient < 2 && waited < 2000; waited += 50) await new Promise((r) => setTimeout(r, 50));
          expect({ connections, closedByClient }).to.deep.equal({ connections: 2, closedByClient: 2 });
          expect((await t.sts.readiness()).ready).to.equal(false);
        } finally {
          await t.close();
        }
      } finally {
        quiet.close();
      }
    });

    it('is wst:RequestFailed within the timeouts and makes the STS not ready', async () => {
      const url = `ldap://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const t = await startTestSts({ instances: ldapInstances(ldapConfig(slapd, { url, connectTimeoutMs: 300, operationTimeoutMs: 300 })) });
      try {
        const started = Date.now();
        await expectRefused(t, joe(t), { soapVersion: '1.2', code: 'RequestFailed', receiver: true });
        expect(Date.now() - started).to.be.below(3000);
        const readiness = await t.sts.readiness();
        expect(readiness.ready).to.equal(false);
        expect(readiness.checks['processors']).to.equal(false);
        expect(readiness.reason).to.include('username');
      } finally {
        await t.close();
      }
    });
  });

  describe('slapd stopped mid-run', () => {
    it('is wst:RequestFailed and not ready while down (a cached login included), and recovers when it is back', async () => {
      // The verified-credential cache on: an outage must not be bridged by it.
      const t = await startTestSts({ instances: ldapInstances(ldapConfig(slapd), { credentialCache: { ttlSeconds: 600 } }) });
      try {
        await expectIssued(t, joe(t));
        expect((await t.sts.readiness()).ready).to.equal(true);
        await slapd.stop();
        // The first request after the outage finds it; every later one, cached or not, must fail too.
        for (const request of [joe(t), validRequest(t, { username: LDAP_ANN.uid, password: LDAP_ANN.password }), joe(t), joe(t)]) {
          await expectRefused(t, request, { soapVersion: '1.2', code: 'RequestFailed', receiver: true });
        }
        const down = await t.sts.readiness();
        expect(down.ready).to.equal(false);
        expect(down.checks['processors']).to.equal(false);
        await slapd.start();
        await new Promise((r) => setTimeout(r, 2100)); // the readiness answer is reused for 2 s
        expect((await t.sts.readiness()).ready).to.equal(true);
        await expectIssued(t, joe(t));
      } finally {
        if (slapd) await slapd.start().catch(() => undefined);
        await t.close();
      }
    });
  });

  describe('a directory that answers, but not as configured', () => {
    // ready: what /readyz says after the refusal (undefined: not asserted; the probe reads the root DSE, which a
    // wrong search base does not affect).
    const cases: [string, Record<string, unknown>, boolean | undefined][] = [
      ['the service password is wrong', { bindPassword: 'not-the-service-password' }, false],
      ['the search base does not exist', { userSearchBase: 'ou=nowhere,dc=example,dc=test' }, undefined],
      ['the user entry has no subject attribute value', { subjectAttribute: 'telephoneNumber' }, true],
    ];
    for (const [what, change, ready] of cases) {
      it(`${what}: wst:RequestFailed, never a token${ready === true ? ' (still ready: the directory answers)' : ready === false ? ', and not ready' : ''}`, async () => {
        const t = await startTestSts({ instances: ldapInstances(ldapConfig(slapd, change)) });
        try {
          await expectRefused(t, joe(t), { soapVersion: '1.2', code: 'RequestFailed', receiver: true });
          if (ready !== undefined) expect((await t.sts.readiness()).ready).to.equal(ready);
        } finally {
          await t.close();
        }
      });
    }
  });

  describe('startup', () => {
    it('refuses an LDAP source with PasswordDigest allowed (coded startup error)', async () => {
      const instances = ldapInstances(ldapConfig(slapd), { allowPasswordDigest: true });
      const error = await startTestSts({ instances }).then(async (t) => { await t.close(); return undefined; }, (err: Error & { code?: string }) => err);
      expect(error?.code).to.equal('STS_ERR_PLUGIN_CREATE_FAILED');
      expect(error?.message).to.match(/PasswordDigest/);
    });

    it('refuses ldap:// without StartTLS unless allowUnencrypted is set', async () => {
      const instances = ldapInstances(ldapConfig(slapd, { allowUnencrypted: false }));
      const error = await startTestSts({ instances }).then(async (t) => { await t.close(); return undefined; }, (err: Error & { code?: string }) => err);
      expect(error?.code).to.equal('STS_ERR_PLUGIN_CREATE_FAILED');
      expect(error?.message).to.match(/clear text/);
    });

    it('starts while the directory is down (not ready), instead of refusing to start', async () => {
      const t = await startTestSts({ instances: ldapInstances(ldapConfig(slapd, { url: 'ldap://127.0.0.1:1', connectTimeoutMs: 300 })) });
      try {
        expect((await t.sts.readiness()).ready).to.equal(false);
        await expectRefused(t, joe(t), { soapVersion: '1.2', code: 'RequestFailed', receiver: true });
      } finally {
        await t.close();
      }
    });
  });
});


