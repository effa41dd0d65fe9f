/**
 * Issue 11 item 2: HTTP Basic client authentication on the WS-Trust face, through the real HTTP listener
 * (README "Client authentication"). The demo profile's partner urn:example:sp-basic requires the demo client
 * demo-wsc. Every negative test starts from a valid request (joe's UsernameToken for urn:example:sp-basic
 * with demo-wsc's Basic credentials), changes one thing, and asserts wst:FailedAuthentication with HTTP 401
 * and the Basic challenge, the precise reason in the log (never on the wire), and that nothing was issued.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { parseIssueResponse, buildValidateRequest, parseValidateResponse } from '@sts/sdk/client';
import { SP_STS_PATH, TOKEN_TRANSLATOR_PATH } from '@sts/core';
import { demoIdpAssertion } from '../helpers/demo-tokens.js';
import { expectFaultResponse, expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { bodyText, validRequest, withHeaders, type RawRequest, type SoapVersion } from '../helpers/issue-request.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { tryScript } from '../helpers/try-script.js';
import { demoConfig, startTestSts, type TestSts } from '../helpers/start-test-sts.js';

const PARTNER = 'urn:example:sp-basic';
const CHALLENGE = 'Basic realm="STS demo", charset="UTF-8"';

const basic = (userColonSecret: string): string => `Basic ${Buffer.from(userColonSecret, 'utf8').toString('base64')}`;
const DEMO_WSC = basic('demo-wsc:demo-wsc-secret');

/** joe's Issue for the Basic partner, with or without the demo client's Basic credentials. */
function request(t: TestSts, options: { authorization?: string | null; soapVersion?: SoapVersion; appliesTo?: string } = {}): RawRequest {
  const base = validRequest(t, { appliesTo: options.appliesTo ?? PARTNER, ...(options.soapVersion ? { soapVersion: options.soapVersion } : {}) });
  const authorization = options.authorization === undefined ? DEMO_WSC : options.authorization;
  return authorization === null ? base : withHeaders(base, { Authorization: authorization });
}

interface Sent {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly wwwAuthenticate: string | null;
}

async function post(t: TestSts, req: RawRequest, path = '/idp/sts.wst'): Promise<Sent> {
  const res = await fetch(`${t.base}${path}`, { method: 'POST', body: bodyText(req), headers: { 'content-type': req.contentType, ...req.headers } });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '', wwwAuthenticate: res.headers.get('www-authenticate') };
}

/**
 * Sends the request and asserts: wst:FailedAuthentication with HTTP 401 and the Basic challenge (or the plain
 * fault status when `challenge` is false), one request.refused record whose internal reason matches `reason`,
 * and nothing issued.
 */
async function expectClientRefused(t: TestSts, req: RawRequest, reason: RegExp, options: { soapVersion?: SoapVersion; path?: string; challenge?: boolean } = {}): Promise<void> {
  const issuedBefore = t.issuedCount();
  const logBefore = t.logger.records.length;
  const res = await post(t, req, options.path);
  const challenge = options.challenge ?? true;
  expectFaultResponse(res, { soapVersion: options.soapVersion ?? '1.2', code: 'FailedAuthentication', ...(challenge ? { httpStatus: 401 } : {}) });
  expect(res.wwwAuthenticate).to.equal(challenge ? CHALLENGE : null);
  const refusals = t.logger.records.slice(logBefore).filter((r) => (r.fields as { event?: string }).event === 'request.refused');
  expect(refusals).to.have.length(1);
  const fields = refusals[0]!.fields as { fault?: string; reason?: string };
  expect(refusals[0]!.level).to.equal('warn');
  expect(fields.fault).to.equal('FailedAuthentication');
  expect(fields.reason).to.match(reason);
  expect(res.body, 'the reason stays in the log').to.not.include(fields.reason!);
  expect(t.issuedCount(), 'nothing was issued').to.equal(issuedBefore);
}

/** A failed issuance criterion: wst:RequestFailed with the operator's error text as the reason, nothing issued. */
async function expectCriterionRefused(t: TestSts, req: RawRequest, reason: string): Promise<void> {
  const issuedBefore = t.issuedCount();
  const res = await post(t, req);
  expect(res.status, res.body).to.equal(400);
  const reply = parseIssueResponse(res.body);
  if (reply.ok) expect.fail('issued');
  expect(reply.fault.subcode?.localName).to.equal('RequestFailed');
  expect(reply.fault.reason).to.equal(reason);
  expect(t.issuedCount(), 'nothing was issued').to.equal(issuedBefore);
}

/** The demo config's client authentication and SP connections, changed by `change`. */
function changedConfig(change: (config: Record<string, any>) => void): Record<string, unknown> {
  const config = demoConfig();
  change(config);
  return { clientAuthentication: config['clientAuthentication'], spConnections: config['spConnections'] };
}

const basicConnection = (config: Record<string, any>): Record<string, any> => config['spConnections'].find((c: { id: string }) => c.id === 'demo-sp-basic');

describe('e2e: HTTP Basic client authentication on the WS-Trust face (issue 11 item 2)', function () {
  this.timeout(30_000);
  let otherHash: string;
  before(async () => {
    const { hashSecret } = await import(join(REPO_ROOT, 'core', 'dist', 'http', 'client-secret-hash.js'));
    otherHash = await hashSecret('other-wsc-secret');
  });

  describe('the demo partner urn:example:sp-basic requires demo-wsc', () => {
    let t: TestSts;
    beforeEach(async () => {
      t = await startTestSts();
    });
    afterEach(() => t.close());

    for (const soapVersion of ['1.1', '1.2'] as const) {
      it(`issues for demo-wsc with the right secret (control, SOAP ${soapVersion})`, async () => {
        const reply = await expectIssued(t, request(t, { soapVersion }));
        expect(reply.token).to.include(`<saml:Audience>${PARTNER}</saml:Audience>`);
      });
    }

    it('the demo partner urn:example:sp needs no client authentication: a Basic header there is not looked at (today\'s behaviour)', async () => {
      await expectIssued(t, request(t, { appliesTo: 'urn:example:sp', authorization: basic('nobody:wrong') }));
      await expectIssued(t, request(t, { appliesTo: 'urn:example:sp', authorization: null }));
    });

    it('refuses a request without an Authorization header: 401 with the Basic challenge', async () => {
      await expectClientRefused(t, request(t, { authorization: null }), /^HTTP Basic client authentication required, and there is no Authorization header$/);
    });

    it('refuses it in SOAP 1.1 too (401, a SOAP 1.1 fault)', async () => {
      await expectClientRefused(t, request(t, { authorization: null, soapVersion: '1.1' }), /no Authorization header/, { soapVersion: '1.1' });
    });

    const malformed: [string, string, RegExp][] = [
      ['another scheme', 'Bearer ZGVtby13c2M6ZGVtby13c2Mtc2VjcmV0', /^Authorization is not HTTP Basic$/],
      ['no credentials after Basic', 'Basic', /^Authorization is not HTTP Basic$/],
      ['not base64', 'Basic demo-wsc:demo-wsc-secret', /^Authorization is not HTTP Basic$/],
      ['two credentials', `${DEMO_WSC}, ${DEMO_WSC}`, /^Authorization is not HTTP Basic$/],
      ['no colon in the credentials', basic('demo-wscdemo-wsc-secret'), /^Basic credentials without a colon$/],
    ];
    for (const [what, authorization, reason] of malformed) {
      it(`refuses a malformed Basic header: ${what}`, async () => {
        await expectClientRefused(t, request(t, { authorization }), reason);
      });
    }

    it('refuses a wrong secret', async () => {
      await expectClientRefused(t, request(t, { authorization: basic('demo-wsc:demo-wsc-secreT') }), /^wrong secret for client demo-wsc$/);
    });

    it('refuses an empty secret', async () => {
      await expectClientRefused(t, request(t, { authorization: basic('demo-wsc:') }), /^wrong secret for client demo-wsc$/);
    });

    it('refuses an unknown client (the secret of another client does not help)', async () => {
      await expectClientRefused(t, request(t, { authorization: basic('demo-client:demo-wsc-secret') }), /^unknown client "demo-client"$/);
    });

    it('takes the user-id as sent: the OAuth form-encoding is not decoded here', async () => {
      await expectClientRefused(t, request(t, { authorization: basic('demo%2Dwsc:demo-wsc-secret') }), /^unknown client "demo%2Dwsc"$/);
    });

    it('records nothing one-time before the client has authenticated: the same request, refused without Basic, is issued with it', async () => {
      const req = request(t, { authorization: null });
      await expectClientRefused(t, req, /no Authorization header/);
      // The same MessageID, nonce and Timestamp: a client that waited for the 401 challenge resends exactly this.
      await expectIssued(t, withHeaders(req, { Authorization: DEMO_WSC }));
      await expectRefused(t, withHeaders(req, { Authorization: DEMO_WSC }), { soapVersion: '1.2', code: 'ExpiredData' });
    });
  });

  describe('a connection that allows named clients only', () => {
    let t: TestSts;
    beforeEach(async () => {
      t = await startTestSts({
        config: changedConfig((c) => {
          c['clientAuthentication'].clients.push({ clientId: 'other-wsc', secretHash: otherHash });
        }),
      });
    });
    afterEach(() => t.close());

    it('issues for the allowed client (control) and refuses another client with the right secret', async () => {
      await expectIssued(t, request(t));
      await expectClientRefused(t, request(t, { authorization: basic('other-wsc:other-wsc-secret') }), /^client other-wsc is not allowed for connection demo-sp-basic$/);
    });
  });

  describe('a secret kept by the verified-credential cache (security.clientSecretCache)', () => {
    let t: TestSts;
    beforeEach(async () => {
      t = await startTestSts({ config: changedConfig((c) => c['clientAuthentication'].clients.push({ clientId: 'other-wsc', secretHash: otherHash })) });
    });
    afterEach(() => t.close());

    it('after demo-wsc was accepted, a wrong secret, an empty secret and its secret under another client id are each refused', async () => {
      await expectIssued(t, request(t));
      await expectIssued(t, request(t));
      await expectClientRefused(t, request(t, { authorization: basic('demo-wsc:demo-wsc-secreT') }), /^wrong secret for client demo-wsc$/);
      await expectClientRefused(t, request(t, { authorization: basic('demo-wsc:') }), /^wrong secret for client demo-wsc$/);
      await expectClientRefused(t, request(t, { authorization: basic('other-wsc:demo-wsc-secret') }), /^wrong secret for client other-wsc$/);
      await expectClientRefused(t, request(t, { authorization: basic('demo-wsc2:demo-wsc-secret') }), /^unknown client "demo-wsc2"$/);
      await expectIssued(t, request(t));
    });
  });

  describe('issuance criteria on the client id', () => {
    it('a criterion context clientId equals demo-wsc issues for demo-wsc; one naming another client refuses with its error text', async () => {
      for (const [value, issued] of [['demo-wsc', true], ['other-wsc', false]] as const) {
        const t = await startTestSts({
          config: changedConfig((c) => {
            basicConnection(c)['issuanceCriteria'] = [{ context: 'clientId', condition: 'equals', value, error: 'Only the other client' }];
          }),
        });
        try {
          if (issued) {
            await expectIssued(t, request(t));
          } else {
            await expectCriterionRefused(t, request(t), 'Only the other client');
            const refusal = t.logger.records.find((r) => (r.fields as { event?: string }).event === 'request.refused')!;
            expect((refusal.fields as { reason: string }).reason).to.equal('demo-sp-basic: issuance criterion on context clientId (equals other-wsc) failed');
            expect((refusal.fields as { clientId?: string }).clientId, 'the refusal names the authenticated client').to.equal('demo-wsc');
          }
        } finally {
          await t.close();
        }
      }
    });

    it('a criterion on clientId at a connection without client authentication fails closed (no client, no value)', async () => {
      const t = await startTestSts({
        config: changedConfig((c) => {
          c['spConnections'].find((s: { id: string }) => s.id === 'demo-sp').issuanceCriteria = [{ context: 'clientId', condition: 'matches', value: '.*' }];
        }),
      });
      try {
        await expectCriterionRefused(t, request(t, { appliesTo: 'urn:example:sp', authorization: DEMO_WSC }), 'The request does not meet the issuance criteria');
      } finally {
        await t.close();
      }
    });

    it('the client id can be mapped into the issued token (attribute source context clientId)', async () => {
      const t = await startTestSts({
        config: changedConfig((c) => {
          basicConnection(c)['attributeContract'].push({ name: 'client', source: { type: 'context', field: 'clientId' } });
        }),
      });
      try {
        const reply = await expectIssued(t, request(t));
        expect(reply.token).to.match(/<saml:Attribute Name="client"[^>]*><saml:AttributeValue[^>]*>demo-wsc<\/saml:AttributeValue>/);
      } finally {
        await t.close();
      }
    });
  });

  describe('per endpoint', () => {
    let t: TestSts;
    beforeEach(async () => {
      t = await startTestSts({
        config: changedConfig((c) => {
          c['clientAuthentication'].endpoints = { idp: 'basic', sp: 'basic', translator: 'basic' };
        }),
      });
    });
    afterEach(() => t.close());

    it('/idp/sts.wst requiring Basic refuses a partner that needs none without it, and issues with it', async () => {
      await expectClientRefused(t, request(t, { appliesTo: 'urn:example:sp', authorization: null }), /no Authorization header/);
      await expectIssued(t, request(t, { appliesTo: 'urn:example:sp' }));
    });

    it('/sp/sts.wst requiring Basic refuses a Validate without it, and answers with it', async () => {
      const built = buildValidateRequest({ endpoint: `${t.base}${SP_STS_PATH}`, target: await demoIdpAssertion(t.clock.now()), credential: { kind: 'none' }, now: () => t.clock.now() });
      const req: RawRequest = { body: built.body, contentType: built.contentType, headers: built.soapAction ? { SOAPAction: built.soapAction } : {} };
      await expectClientRefused(t, req, /no Authorization header/, { path: SP_STS_PATH });
      const res = await post(t, withHeaders(req, { Authorization: DEMO_WSC }), SP_STS_PATH);
      expect(res.status, res.body).to.equal(200);
      const reply = parseValidateResponse(res.body);
      expect(reply.ok && reply.status?.valid).to.equal(true);
    });

    it('/pf/sts.wst requiring Basic refuses a request without it before reading its token', async () => {
      const req = validRequest(t, { endpoint: `${t.base}${TOKEN_TRANSLATOR_PATH}`, appliesTo: 'urn:example:translated' });
      await expectClientRefused(t, req, /no Authorization header/, { path: TOKEN_TRANSLATOR_PATH });
    });
  });

  describe('startup refusals (a coded one-line error, never a server that fails open)', () => {
    const refusals: [string, (c: Record<string, any>) => void, RegExp][] = [
      ['a connection naming an unknown client', (c) => basicConnection(c)['clientAuthentication'].clients.push('ghost'), /STS_ERR_CONFIG_INVALID: clientAuthentication: \/spConnections\/\d+\/clientAuthentication\/clients: unknown client ghost/],
      ['a client list without any method', (c) => (basicConnection(c)['clientAuthentication'].method = 'none'), /clients: a client list needs a method/],
      ['a duplicate client id', (c) => c['clientAuthentication'].clients.push({ ...c['clientAuthentication'].clients[0] }), /duplicate client demo-wsc/],
      ['a client with neither secret nor certificate', (c) => c['clientAuthentication'].clients.push({ clientId: 'bare' }), /a client needs a secretHash, a certificate, or both/],
      ['a weak secret hash', (c) => (c['clientAuthentication'].clients[0].secretHash = 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), /N must be a power of two/],
      ['certificate authentication without a TLS listener asking for certificates', (c) => (c['clientAuthentication'].endpoints = { idp: 'certificate' }), /certificate client authentication needs server.tls with requestClientCertificate/],
      ['a DN that is not RFC 4514', (c) => c['clientAuthentication'].clients.push({ clientId: 'dn', certificate: { subjectDn: 'no equals sign' } }), /not an RFC 4514 distinguished name|an empty distinguished name/],
      ['a criterion on both an attribute and the client id', (c) => (basicConnection(c)['issuanceCriteria'] = [{ attribute: 'role', context: 'clientId', condition: 'equals', value: 'x' }]), /STS_ERR_CONFIG_INVALID/],
    ];
    for (const [what, change, message] of refusals) {
      it(`refuses to start: ${what}`, async () => {
        let error: Error | undefined;
        try {
          const t = await startTestSts({ config: changedConfig(change) });
          await t.close();
        } catch (e) {
          error = e as Error;
        }
        expect(error?.message ?? 'it started').to.match(message);
        expect(error?.message).to.match(/^STS_ERR_/);
      });
    }
  });

  it('demo/try.mjs --basic demo-wsc:demo-wsc-secret gets a token for urn:example:sp-basic; without it, or with a wrong secret, HTTP 401 and the fault', async () => {
    const t = await startTestSts();
    try {
      const run = (...args: string[]) => tryScript(args, { STS_PORT: new URL(t.base).port });
      const ok = await run('issue', '--applies-to', PARTNER, '--basic', 'demo-wsc:demo-wsc-secret');
      expect(ok.status, ok.stderr).to.equal(0);
      expect(ok.stdout).to.include(`<saml:Audience>${PARTNER}</saml:Audience>`);
      for (const args of [[], ['--basic', 'demo-wsc:wrong']]) {
        const refused = await run('issue', '--applies-to', PARTNER, ...args);
        expect(refused.status).to.equal(1);
        expect(refused.stderr).to.include('HTTP 401');
        expect(JSON.parse(refused.stdout).subcode.localName).to.equal('FailedAuthentication');
      }
      expect(t.issuedCount()).to.equal(1);
    } finally {
      await t.close();
    }
  });

  it('parseIssueResponse reads the 401 fault like any other (the SDK client sees wst:FailedAuthentication)', async () => {
    const t = await startTestSts();
    try {
      const res = await post(t, request(t, { authorization: null }));
      const reply = parseIssueResponse(res.body);
      expect(reply.ok).to.equal(false);
      if (!reply.ok) expect(reply.fault.subcode?.localName).to.equal('FailedAuthentication');
    } finally {
      await t.close();
    }
  });
});
