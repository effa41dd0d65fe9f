/**
 * Two STS instances on one state store (the workers of a machine on its SQLite file; STS nodes on one Redis):
 * a one-time request accepted by one is refused by the other exactly as a replay to the same instance is,
 * for every one-time kind of the demo profile. With SQLite, lockout survives a restart. A Redis that is down
 * refuses requests that need it with wst:RequestFailed and nothing is issued; service resumes when it is back.
 *
 * The instances share a public origin, so one request (wsa:To included) is valid at both.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { StateStoreError } from '@sts/sdk';
import { buildIssueRequest, jwtSecurityToken, type StsFault } from '@sts/sdk/client';
import { IDP_STS_PATH, SP_STS_PATH } from '@sts/core';
import { demoIdpAssertion, demoIssuerJwt } from '../helpers/demo-tokens.js';
import { expectIssued, expectRefused, type ExpectedFault } from '../helpers/expect-fault.js';
import { freePort } from '../helpers/free-port.js';
import { editBody, validRequest, type RawRequest, type ValidRequestOptions } from '../helpers/issue-request.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { startRedisServer, uniqueKeyPrefix, type TestRedisServer } from '../helpers/redis-server.js';
import { SHARED_BACKENDS } from '../helpers/shared-backends.js';
import { sqliteFolder } from '../helpers/state-config.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const SHARED_ORIGIN = 'http://sts.shared.example';
const MESSAGE_ID = /<wsa:MessageID>[^<]*<\/wsa:MessageID>/;
const DEMO_X509 = {
  kind: 'x509' as const,
  certificatePem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), 'utf8'),
  privateKeyPem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client-key.pem'), 'utf8'),
};

/** The same request under a fresh wsa:MessageID: only the one-time value under test repeats. */
const newMessageId = (request: RawRequest) => editBody(request, MESSAGE_ID, `<wsa:MessageID>urn:uuid:${randomUUID()}</wsa:MessageID>`);

/** The instance seen through another of its endpoints (expectIssued and expectRefused post to `endpoint`). */
const at = (t: TestSts, path: string): TestSts => ({ ...t, endpoint: `${t.base}${path}` });

function lastRefusalReason(t: TestSts): string {
  const refusals = t.logger.records.filter((r) => (r.fields as { event?: string }).event === 'request.refused');
  return String((refusals[refusals.length - 1]!.fields as { reason?: string }).reason);
}

/** A request that carries a token (a SAML assertion or a JWT) in the Security header, valid at both instances. */
function tokenRequest(t: TestSts, path: string, xml: string, appliesTo: string): RawRequest {
  const built = buildIssueRequest({ endpoint: `${SHARED_ORIGIN}${path}`, appliesTo, credential: { kind: 'token', xml }, now: () => t.clock.now() });
  return { body: built.body, contentType: built.contentType, headers: built.soapAction === undefined ? {} : { SOAPAction: built.soapAction } };
}

interface OneTimeKind {
  readonly name: string;
  readonly path: string;
  /** The request the first instance accepts. */
  first(t: TestSts): Promise<RawRequest>;
  /** The replay: the same one-time value in a request that is otherwise new (or the identical request). */
  replay(t: TestSts, first: RawRequest): Promise<RawRequest>;
  readonly fault: ExpectedFault;
  /** The logged reason, to show the refusal came from this check and not from another. */
  readonly reason: RegExp;
}

const kinds: OneTimeKind[] = [
  {
    name: 'UsernameToken nonce (PasswordDigest)',
    path: IDP_STS_PATH,
    first: async (t) => validRequest(t, { passwordType: 'digest', endpoint: `${SHARED_ORIGIN}${IDP_STS_PATH}` } satisfies ValidRequestOptions),
    replay: async (_t, first) => newMessageId(first),
    fault: { soapVersion: '1.2', code: 'FailedAuthentication' },
    reason: /Nonce was already used/,
  },
  {
    name: 'wsa:MessageID',
    path: IDP_STS_PATH,
    first: async (t) => validRequest(t, { endpoint: `${SHARED_ORIGIN}${IDP_STS_PATH}` }),
    replay: async (_t, first) => first,
    fault: { soapVersion: '1.2', code: 'ExpiredData' },
    reason: /MessageID .* was seen before/,
  },
  {
    name: 'SAML bearer assertion ID',
    path: SP_STS_PATH,
    first: async (t) => tokenRequest(t, SP_STS_PATH, await demoIdpAssertion(t.clock.now()), 'urn:example:local-app'),
    replay: async (_t, first) => newMessageId(first),
    fault: { soapVersion: '1.2', code: 'InvalidSecurityToken' },
    reason: /was already used \(replay\)/,
  },
  {
    name: 'JWT jti',
    path: IDP_STS_PATH,
    first: async (t) => tokenRequest(t, IDP_STS_PATH, jwtSecurityToken(await demoIssuerJwt(t.clock.now())), 'urn:example:sp'),
    replay: async (_t, first) => newMessageId(first),
    fault: { soapVersion: '1.2', code: 'InvalidSecurityToken' },
    reason: /JWT .* was already used \(replay\)/,
  },
  {
    name: 'X.509 request signature',
    path: IDP_STS_PATH,
    first: async (t) => validRequest(t, { credential: DEMO_X509, endpoint: `${SHARED_ORIGIN}${IDP_STS_PATH}` }),
    replay: async (_t, first) => newMessageId(first),
    fault: { soapVersion: '1.2', code: 'FailedAuthentication' },
    reason: /message replay/,
  },
];

const backends = SHARED_BACKENDS;

for (const backend of backends) {
  describe(`e2e: two STS instances sharing one ${backend.name}`, function () {
    this.timeout(30_000);
    let a: TestSts;
    let b: TestSts;
    let cleanup: () => void;
    before(async () => {
      const shared = await backend.state();
      cleanup = shared.cleanup;
      a = await startTestSts({ config: { state: shared.state }, publicOrigins: [SHARED_ORIGIN] });
      b = await startTestSts({ config: { state: shared.state }, publicOrigins: [SHARED_ORIGIN] });
    });
    after(async () => {
      await a?.close();
      await b?.close();
      cleanup?.();
    });

    for (const kind of kinds) {
      it(`${kind.name}: accepted by one instance, refused by the other exactly as by the first (wst:${kind.fault.code}), nothing issued`, async () => {
        // Each instance accepts a fresh request of this kind on its own: a refusal below is the replay check.
        await expectIssued(at(b, kind.path), await kind.first(b));
        const first = await kind.first(a);
        await expectIssued(at(a, kind.path), first);
        const byOther: StsFault = await expectRefused(at(b, kind.path), await kind.replay(b, first), kind.fault);
        expect(lastRefusalReason(b)).to.match(kind.reason);
        const bySame: StsFault = await expectRefused(at(a, kind.path), await kind.replay(a, first), kind.fault);
        expect(lastRefusalReason(a)).to.match(kind.reason);
        expect(byOther).to.deep.equal(bySame);
      });
    }
  });
}

describe('e2e: lockout on SQLite survives a restart', function () {
  this.timeout(30_000);
  let folder: ReturnType<typeof sqliteFolder>;
  let t: TestSts | undefined;
  before(() => {
    folder = sqliteFolder();
  });
  after(async () => {
    await t?.close();
    folder.remove();
  });

  it('locks joe after 5 wrong passwords, and after close and boot on the same file the right password is still refused', async () => {
    const state = { backend: 'sqlite', sqlite: { file: folder.file } };
    t = await startTestSts({ config: { state } });
    await expectIssued(t, validRequest(t));
    for (let i = 0; i < 5; i++) await expectRefused(t, validRequest(t, { password: 'wrong-password' }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    await expectRefused(t, validRequest(t), { soapVersion: '1.2', code: 'FailedAuthentication' });
    expect(lastRefusalReason(t)).to.match(/locked out/);
    await t.close();
    t = await startTestSts({ config: { state } });
    await expectRefused(t, validRequest(t), { soapVersion: '1.2', code: 'FailedAuthentication' });
    expect(lastRefusalReason(t)).to.match(/locked out/);
  });
});

describe('e2e: Redis down', function () {
  this.timeout(30_000);
  const requestFailed: ExpectedFault = { soapVersion: '1.2', code: 'RequestFailed', receiver: true };

  it('an STS whose Redis is not there starts, reports not ready, and refuses one-time requests with wst:RequestFailed', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const t = await startTestSts({ config: { state: { backend: 'redis', redis: { url, keyPrefix: uniqueKeyPrefix(), connectTimeoutMs: 500 } } } });
    try {
      const ready = await t.sts.stateStore.ping().then(() => true, (e: unknown) => (expect(e).to.be.instanceOf(StateStoreError), false));
      expect(ready, 'readiness').to.equal(false);
      await expectRefused(t, validRequest(t), requestFailed);
      await expectRefused(t, validRequest(t, { passwordType: 'digest' }), requestFailed);
      expect(lastRefusalReason(t)).to.match(/state store/);
    } finally {
      await t.close();
    }
  });

  describe('Redis stopped and started again under a running STS', () => {
    let server: TestRedisServer;
    let t: TestSts;
    before(async () => {
      server = await startRedisServer();
      t = await startTestSts({ config: { state: { backend: 'redis', redis: { url: server.url, keyPrefix: uniqueKeyPrefix() } } }, publicOrigins: [SHARED_ORIGIN] });
    });
    after(async () => {
      await t.close();
      await server.stop();
    });

    it('issues, refuses with wst:RequestFailed while Redis is down (nothing issued), and issues again once it is back', async () => {
      await expectIssued(t, validRequest(t));
      await server.stop();
      await expectRefused(t, validRequest(t), requestFailed);
      await expectRefused(t, tokenRequest(t, IDP_STS_PATH, jwtSecurityToken(await demoIssuerJwt(t.clock.now())), 'urn:example:sp'), requestFailed);
      expect(await t.sts.stateStore.ping().then(() => 'ready', () => 'not ready')).to.equal('not ready');
      await server.start();
      const deadline = Date.now() + 10_000;
      while ((await t.sts.stateStore.ping().then(() => false, () => true)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await expectIssued(t, validRequest(t));
    });
  });
});
