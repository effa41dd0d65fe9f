/**
 * Renew and Cancel (README "Renew and Cancel"; WS-Trust 1.3 sections 8 and 10) on the demo partner
 * urn:example:sp, whose tokens are stored and renewable: every negative case starts from a valid request
 * (a renewable token freshly issued to joe), changes one thing, and asserts the fault and that nothing was
 * issued; the positive cases check what a renewal keeps and changes, and that Validate follows the store.
 */
import { buildCancelRequest, buildIssueRequest, buildRenewRequest, buildValidateRequest, jwtSecurityToken, usernameTokenXml, parseIssueResponse, parseValidateResponse, type IssueSuccess } from '@sts/sdk/client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { demoIdpAssertion } from '../helpers/demo-tokens.js';
import { expect } from 'chai';
import { expectRefused, lastRefusalReason } from '../helpers/expect-fault.js';
import { send, validRequest, editBody, withHeaders } from '../helpers/issue-request.js';
import { ANN, assertionId, issueRenewable, JOE, startLifecycleSts, lifecycleRequest, referenceTo, renewingIssueRequest } from '../helpers/lifecycle-request.js';
import { demoConfig, type TestSts } from '../helpers/start-test-sts.js';
import { xmllintSchema } from '../helpers/external-tools.js';

const MINUTE = 60_000;


async function validateStatus(t: TestSts, token: string): Promise<boolean> {
  const req = buildValidateRequest({ endpoint: t.endpoint, target: token, credential: { kind: 'none' }, now: () => t.clock.now() });
  const res = await t.post(req.body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {});
  const reply = parseValidateResponse(res.body);
  if (!reply.ok) throw new Error(`validate fault: ${JSON.stringify(reply.fault)}`);
  return reply.status.valid;
}

async function renewed(t: TestSts, target: string): Promise<IssueSuccess> {
  const res = await send(t, lifecycleRequest(t, 'Renew', target));
  expect(res.status, res.body).to.equal(200);
  const reply = parseIssueResponse(res.body);
  if (!reply.ok) throw new Error(`renew refused: ${JSON.stringify(reply.fault)}`);
  return reply;
}

/** The saml:Attribute elements of an assertion, as text, in order. */
function attributesOf(xml: string): string[] {
  return [...xml.matchAll(/<(?:\w+:)?Attribute\b[\s\S]*?<\/(?:\w+:)?Attribute>/g)].map((m) => m[0]);
}

function subjectOf(xml: string): string {
  return /<(?:\w+:)?NameID\b[^>]*>([^<]*)</.exec(xml)![1]!;
}

describe('e2e: Renew and Cancel of stored tokens (urn:example:sp)', function () {
  let t: TestSts;
  beforeEach(async () => (t = await startLifecycleSts()));
  afterEach(() => t.close());

  describe('Renew', () => {
    it('renews by reference: same subject and attributes, a new ID and lifetime; the old token is then invalid for Validate', async () => {
      const first = await issueRenewable(t);
      const oldId = assertionId(first.token);
      expect(await validateStatus(t, first.token)).to.equal(true);
      t.clock.advance(600);
      const issuedBefore = t.issuedCount();
      const second = await renewed(t, referenceTo(oldId));
      expect(t.issuedCount()).to.equal(issuedBefore + 1);
      const newId = assertionId(second.token);
      expect(newId).to.not.equal(oldId);
      expect(subjectOf(second.token)).to.equal('joe');
      expect(subjectOf(second.token)).to.equal(subjectOf(first.token));
      expect(attributesOf(second.token)).to.deep.equal(attributesOf(first.token));
      expect(attributesOf(second.token).join('')).to.include('joe@example.com');
      expect(second.lifetime!.created.getTime()).to.equal(first.lifetime!.created.getTime() + 10 * MINUTE);
      expect(second.lifetime!.expires.getTime()).to.be.greaterThan(first.lifetime!.expires.getTime());
      expect(await validateStatus(t, first.token), 'the renewed token').to.equal(false);
      expect(await validateStatus(t, second.token), 'the new token').to.equal(true);
    });

    it('renews by value (the token itself in RenewTarget)', async () => {
      const first = await issueRenewable(t);
      const second = await renewed(t, first.token);
      expect(assertionId(second.token)).to.not.equal(assertionId(first.token));
      expect(await validateStatus(t, first.token)).to.equal(false);
    });

    it('renews within the grace after expiry when OK was granted', async () => {
      const first = await issueRenewable(t, { ok: true });
      t.clock.set(new Date(first.lifetime!.expires.getTime() + 10 * MINUTE));
      const second = await renewed(t, referenceTo(assertionId(first.token)));
      expect(subjectOf(second.token)).to.equal('joe');
    });

    it('refuses a token renewed after expiry without OK: wst:UnableToRenew', async () => {
      const first = await issueRenewable(t, { allow: true });
      t.clock.set(new Date(first.lifetime!.expires.getTime() + MINUTE));
      await expectRefused(t, lifecycleRequest(t, 'Renew', referenceTo(assertionId(first.token))), { soapVersion: '1.2', code: 'UnableToRenew' });
      expect(lastRefusalReason(t)).to.match(/not issued with Renewing OK/);
    });

    it('refuses a token expired beyond the grace: wst:InvalidRequest (its record is gone)', async () => {
      const first = await issueRenewable(t, { ok: true });
      t.clock.set(new Date(first.lifetime!.expires.getTime() + 31 * MINUTE));
      await expectRefused(t, lifecycleRequest(t, 'Renew', referenceTo(assertionId(first.token))), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/not in the issued-token store/);
    });

    it('refuses a cancelled token: wst:UnableToRenew', async () => {
      const first = await issueRenewable(t);
      const ref = referenceTo(assertionId(first.token));
      expect((await send(t, lifecycleRequest(t, 'Cancel', ref))).status).to.equal(200);
      await expectRefused(t, lifecycleRequest(t, 'Renew', ref), { soapVersion: '1.2', code: 'UnableToRenew' });
      expect(lastRefusalReason(t)).to.match(/is cancelled/);
    });

    it('refuses a token already renewed: wst:UnableToRenew', async () => {
      const first = await issueRenewable(t);
      const ref = referenceTo(assertionId(first.token));
      await renewed(t, ref);
      await expectRefused(t, lifecycleRequest(t, 'Renew', ref), { soapVersion: '1.2', code: 'UnableToRenew' });
      expect(lastRefusalReason(t)).to.match(/is renewed/);
    });

    it('refuses a Renew asking for another TokenType before anything changes: wst:RequestFailed, and the token stays renewable', async () => {
      const first = await issueRenewable(t);
      const ref = referenceTo(assertionId(first.token));
      const asJwt = editBody(lifecycleRequest(t, 'Renew', ref), '<wst:RenewTarget>', '<wst:TokenType>urn:ietf:params:oauth:token-type:jwt</wst:TokenType><wst:RenewTarget>');
      await expectRefused(t, asJwt, { soapVersion: '1.2', code: 'RequestFailed' });
      expect(lastRefusalReason(t)).to.match(/a renewal keeps the token type/);
      expect(await validateStatus(t, first.token)).to.equal(true);
      expect(assertionId((await renewed(t, ref)).token)).to.not.equal(assertionId(first.token));
    });

    it('refuses a Renew asking for a proof key (KeyType SymmetricKey) before anything changes: wst:BadRequest, the token stays renewable', async () => {
      const first = await issueRenewable(t);
      const ref = referenceTo(assertionId(first.token));
      const symmetric = editBody(lifecycleRequest(t, 'Renew', ref), '<wst:RenewTarget>', '<wst:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/SymmetricKey</wst:KeyType><wst:RenewTarget>');
      await expectRefused(t, symmetric, { soapVersion: '1.2', code: 'BadRequest' });
      expect(lastRefusalReason(t)).to.match(/KeyType .*SymmetricKey.* in a Renew/);
      expect(await validateStatus(t, first.token)).to.equal(true);
      expect(assertionId((await renewed(t, ref)).token)).to.not.equal(assertionId(first.token));
    });

    it('refuses a never-issued token ID: wst:InvalidRequest', async () => {
      await issueRenewable(t);
      await expectRefused(t, lifecycleRequest(t, 'Renew', referenceTo('_never-issued-0123456789')), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/not in the issued-token store/);
    });

    it('refuses a foreign token by value (our token with one attribute value changed, so its signature no longer holds): wst:InvalidRequest', async () => {
      const first = await issueRenewable(t);
      const forged = first.token.replace('joe@example.com', 'admin@example.com');
      expect(forged).to.not.equal(first.token);
      await expectRefused(t, lifecycleRequest(t, 'Renew', forged), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/not the token .* we issued/);
    });

    it('refuses a token by value that another issuer made (a demo IdP assertion): wst:InvalidRequest', async () => {
      await issueRenewable(t);
      const foreign = await demoIdpAssertion(t.clock.now());
      await expectRefused(t, lifecycleRequest(t, 'Renew', foreign), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/not in the issued-token store/);
    });

    it('renews a JWT by value (the JWT in a BinarySecurityToken): a new jti, the old JWT invalid', async () => {
      const first = await issueRenewable(t, { ok: true }, { tokenType: 'urn:ietf:params:oauth:token-type:jwt' });
      const jwt = first.tokenValue!;
      const res = await send(t, lifecycleRequest(t, 'Renew', jwtSecurityToken(jwt)));
      expect(res.status, res.body).to.equal(200);
      const second = parseIssueResponse(res.body);
      if (!second.ok) throw new Error('not renewed');
      const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
      const kept = (token: string) => Object.fromEntries(Object.entries(claims(token)).filter(([k]) => !['jti', 'iat', 'nbf', 'exp'].includes(k)));
      expect(claims(second.tokenValue!)['jti']).to.not.equal(claims(jwt)['jti']);
      expect(claims(jwt)['sub']).to.equal('joe');
      expect(Object.keys(kept(jwt)).length, 'subject and attributes to compare').to.be.greaterThan(3);
      expect(kept(second.tokenValue!)).to.deep.equal(kept(jwt));
      await expectRefused(t, lifecycleRequest(t, 'Cancel', jwtSecurityToken(jwt)), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/already renewed/);
    });

    it('refuses a token that was issued without Renewing: wst:UnableToRenew', async () => {
      const plain = parseIssueResponse((await send(t, validRequest(t))).body);
      if (!plain.ok) throw new Error('not issued');
      await expectRefused(t, lifecycleRequest(t, 'Renew', referenceTo(assertionId(plain.token))), { soapVersion: '1.2', code: 'UnableToRenew' });
      expect(lastRefusalReason(t)).to.match(/not issued renewable/);
    });

    it('refuses a Renew by another client (ann, not joe): wst:InvalidRequest', async () => {
      const first = await issueRenewable(t);
      const other = ANN;
      await expectRefused(t, lifecycleRequest(t, 'Renew', referenceTo(assertionId(first.token)), { credential: other }), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/may not act on token/);
    });

    it('refuses a Renew with a wrong password before looking at the token: wst:FailedAuthentication', async () => {
      const first = await issueRenewable(t);
      await expectRefused(t, lifecycleRequest(t, 'Renew', referenceTo(assertionId(first.token)), { credential: { kind: 'username', username: 'joe', password: 'wrong', passwordType: 'text' } }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    });
  });

  describe('Renewing in an Issue request', () => {
    it('is refused by a connection that does not renew: wst:InvalidRequest, nothing issued', async () => {
      const config = demoConfig();
      config['spConnections'][0]['tokenLifecycle'] = { store: true, renewing: false };
      const strict = await startLifecycleSts({ config: { spConnections: config['spConnections'] } });
      try {
        await expectRefused(strict, renewingIssueRequest(strict, { allow: true }), { soapVersion: '1.2', code: 'InvalidRequest' });
        expect(lastRefusalReason(strict)).to.match(/issues no renewable tokens/);
      } finally {
        await strict.close();
      }
    });

    it('with OK="true" is refused by a connection that does not renew after expiry', async () => {
      const config = demoConfig();
      config['spConnections'][0]['tokenLifecycle'] = { renewing: true, renewAfterExpiry: false };
      const strict = await startLifecycleSts({ config: { spConnections: config['spConnections'] } });
      try {
        await expectRefused(strict, renewingIssueRequest(strict, { ok: true }), { soapVersion: '1.2', code: 'InvalidRequest' });
        expect(lastRefusalReason(strict)).to.match(/does not renew after expiry/);
      } finally {
        await strict.close();
      }
    });
  });

  describe('Cancel', () => {
    it('cancels by reference: RequestedTokenCancelled, then Validate says invalid', async () => {
      const first = await issueRenewable(t);
      const res = await send(t, lifecycleRequest(t, 'Cancel', referenceTo(assertionId(first.token))));
      expect(res.status, res.body).to.equal(200);
      expect(res.body).to.match(/<wst:RequestSecurityTokenResponse [^>]*><wst:RequestedTokenCancelled\/><\/wst:RequestSecurityTokenResponse>/);
      expect(await validateStatus(t, first.token)).to.equal(false);
    });

    it('cancels by value', async () => {
      const first = await issueRenewable(t);
      expect((await send(t, lifecycleRequest(t, 'Cancel', first.token))).status).to.equal(200);
      expect(await validateStatus(t, first.token)).to.equal(false);
    });

    it('cancels a token issued without Renewing (stored all the same)', async () => {
      const plain = parseIssueResponse((await send(t, validRequest(t))).body);
      if (!plain.ok) throw new Error('not issued');
      expect((await send(t, lifecycleRequest(t, 'Cancel', referenceTo(assertionId(plain.token))))).status).to.equal(200);
      expect(await validateStatus(t, plain.token)).to.equal(false);
    });

    it('refuses a replayed Cancel (the second one): wst:InvalidRequest', async () => {
      const first = await issueRenewable(t);
      const ref = referenceTo(assertionId(first.token));
      expect((await send(t, lifecycleRequest(t, 'Cancel', ref))).status).to.equal(200);
      await expectRefused(t, lifecycleRequest(t, 'Cancel', ref), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/already cancelled/);
    });

    it('refuses a Cancel by another client; the token stays valid', async () => {
      const first = await issueRenewable(t);
      await expectRefused(t, lifecycleRequest(t, 'Cancel', referenceTo(assertionId(first.token)), { credential: ANN }), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/may not act on token/);
      expect(await validateStatus(t, first.token)).to.equal(true);
    });

    it('lets a configured administrator cancel another requester\'s token', async () => {
      const admin = await startLifecycleSts({ config: { tokenLifecycle: { administrators: [{ processor: 'username', subject: 'ann' }] } } });
      try {
        const first = await issueRenewable(admin);
        expect((await send(admin, lifecycleRequest(admin, 'Cancel', referenceTo(assertionId(first.token)), { credential: ANN }))).status).to.equal(200);
        expect(await validateStatus(admin, first.token)).to.equal(false);
      } finally {
        await admin.close();
      }
    });

    it('refuses a Cancel without a CancelTarget: wst:InvalidRequest', async () => {
      const first = await issueRenewable(t);
      const request = editBody(lifecycleRequest(t, 'Cancel', referenceTo(assertionId(first.token))), /<wst:CancelTarget>[\s\S]*<\/wst:CancelTarget>/, '');
      await expectRefused(t, request, { soapVersion: '1.2', code: 'InvalidRequest' });
    });
  });

  describe('through the SDK client builders, other credentials and versions', () => {
    const built = (r: { body: string; contentType: string; soapAction: string | undefined }) => ({ body: r.body, contentType: r.contentType, headers: (r.soapAction === undefined ? {} : { SOAPAction: r.soapAction }) as Record<string, string> });

    it('renews by reference with buildRenewRequest (WS-Trust 2005/02, SOAP 1.1): the reply RSTR is in the 2005 namespace', async () => {
      const first = await issueRenewable(t, { ok: true }, { trustVersion: '2005', soapVersion: '1.1' });
      const res = await send(t, built(buildRenewRequest({ endpoint: t.endpoint, trustVersion: '2005', soapVersion: '1.1', target: { tokenId: assertionId(first.token) }, credential: JOE, now: () => t.clock.now() })));
      expect(res.status, res.body).to.equal(200);
      expect(res.body).to.include('http://schemas.xmlsoap.org/ws/2005/02/trust/RSTR/Renew<');
      const reply = parseIssueResponse(res.body);
      if (!reply.ok) throw new Error('not renewed');
      expect(reply.trustNamespace).to.equal('http://schemas.xmlsoap.org/ws/2005/02/trust');
      expect(assertionId(reply.token)).to.not.equal(assertionId(first.token));
    });

    it('refuses a Cancel signed by the demo X.509 client (authenticated, but not the requester): wst:InvalidRequest', async () => {
      const first = await issueRenewable(t);
      const x509 = { kind: 'x509' as const, certificatePem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), 'utf8'), privateKeyPem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client-key.pem'), 'utf8') };
      const request = built(buildCancelRequest({ endpoint: t.endpoint, target: { tokenId: assertionId(first.token) }, credential: x509, now: () => t.clock.now() }));
      await expectRefused(t, request, { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/x509:CN=demo-client.* may not act on token/);
    });
  });

  describe('a token issued to an authenticated client (urn:example:sp-basic, which requires HTTP Basic)', () => {
    const DEMO_WSC = `Basic ${Buffer.from('demo-wsc:demo-wsc-secret').toString('base64')}`;
    let b: TestSts;
    beforeEach(async () => {
      const config = demoConfig();
      const basic = config['spConnections'].find((c: { id: string }) => c.id === 'demo-sp-basic');
      basic['tokenLifecycle'] = { renewing: true };
      b = await startLifecycleSts({ config: { spConnections: config['spConnections'] } });
    });
    afterEach(() => b.close());

    async function issued(): Promise<string> {
      const res = await send(b, withHeaders(renewingIssueRequest(b, { allow: true }, { appliesTo: 'urn:example:sp-basic' }), { Authorization: DEMO_WSC }));
      const reply = parseIssueResponse(res.body);
      if (!reply.ok) throw new Error(`not issued: ${JSON.stringify(reply.fault)}`);
      return assertionId(reply.token);
    }

    it('is renewed by the same requester with the same client (Basic demo-wsc)', async () => {
      const id = await issued();
      const res = await send(b, withHeaders(lifecycleRequest(b, 'Renew', referenceTo(id)), { Authorization: DEMO_WSC }));
      expect(res.status, res.body).to.equal(200);
    });

    it('is refused without the client authentication its connection requires: wst:FailedAuthentication, HTTP 401', async () => {
      const id = await issued();
      const fault = await expectRefused(b, lifecycleRequest(b, 'Renew', referenceTo(id)), { soapVersion: '1.2', code: 'FailedAuthentication', httpStatus: 401 });
      expect(fault).to.be.an('object');
      expect(lastRefusalReason(b)).to.match(/no Authorization header/);
    });
  });

  describe('a token issued on behalf of joe to the demo X.509 client (OnBehalfOf)', () => {
    it('records the requester (the X.509 client), not the delegated identity: joe may not cancel it, the client may (by value)', async () => {
      const x509 = { kind: 'x509' as const, certificatePem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), 'utf8'), privateKeyPem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client-key.pem'), 'utf8') };
      const joeToken = usernameTokenXml({ username: 'joe', password: '2Federate', passwordType: 'digest', created: t.clock.now() });
      const issue = buildIssueRequest({ endpoint: t.endpoint, appliesTo: 'urn:example:sp', credential: x509, onBehalfOf: joeToken, now: () => t.clock.now() });
      const reply = parseIssueResponse((await send(t, { body: issue.body, contentType: issue.contentType, headers: {} })).body);
      if (!reply.ok) throw new Error(`not issued: ${JSON.stringify(reply.fault)}`);
      expect(subjectOf(reply.token)).to.equal('joe');
      const ref = referenceTo(assertionId(reply.token));
      await expectRefused(t, lifecycleRequest(t, 'Cancel', ref), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(t)).to.match(/username:joe may not act on token .* of x509:CN=demo-client/);
      // By value: the delegation Condition's xmlns:del is kept where the signature's PrefixList put it.
      expect(reply.token).to.include('PrefixList="del"');
      const cancel = buildCancelRequest({ endpoint: t.endpoint, target: reply.token, credential: x509, now: () => t.clock.now() });
      const res = await send(t, { body: cancel.body, contentType: cancel.contentType, headers: {} });
      expect(res.status, res.body).to.equal(200);
    });
  });

  describe('the shapes, against the WS-Trust 1.3 schema (xmllint)', () => {
    it('the Renew RSTR and the Cancel RSTR are valid wst elements', async () => {
      const first = await issueRenewable(t);
      const renew = await send(t, lifecycleRequest(t, 'Renew', referenceTo(assertionId(first.token))));
      const reply = parseIssueResponse(renew.body);
      if (!reply.ok) throw new Error(`renew refused: ${JSON.stringify(reply.fault)}`);
      const cancel = await send(t, lifecycleRequest(t, 'Cancel', referenceTo(assertionId(reply.token))));
      for (const res of [renew, cancel]) {
        expect(res.status, res.body).to.equal(200);
        const result = xmllintSchema(res.body);
        expect(result.status, result.output).to.equal(0);
      }
    });
  });
});

