/**
 * A SAML 2.0 holder-of-key assertion presented to the STS (issue 10 part 2, last item): the presenter must prove
 * the key. The demo IdP's assertion is bound to the demo client certificate; the request carries it in the
 * Security header and is signed with the demo client key, the signature naming the assertion by a #SAMLID
 * KeyIdentifier (WSS SAML Token Profile 1.1 section 3.5). The SP STS (/sp/sts.wst) then exchanges it. Each
 * refusal starts from that valid request and changes one thing; nothing is issued.
 */
import { expect } from 'chai';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIssueRequest, parseIssueResponse, type IssueCredential } from '@sts/sdk/client';
import { createSelfSignedKey } from '@sts/sdk/dev-keys';
import { SP_STS_PATH } from '@sts/core';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { lastRefusalReason } from '../helpers/expect-fault.js';
import { demoIdpAssertion } from '../helpers/demo-tokens.js';
import { REPO_ROOT } from '../helpers/paths.js';

const DEMO_X509 = {
  certificatePem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), 'utf8'),
  privateKeyPem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client-key.pem'), 'utf8'),
};
const CLIENT_CERT = new X509Certificate(DEMO_X509.certificatePem);

describe('e2e: a holder-of-key SAML 2.0 assertion presented to the SP STS', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts();
  });
  after(() => t.close());

  /** The demo IdP's assertion bound to `publicKey`, with its certificate in the KeyInfo unless `certificate` is null. */
  const hokAssertion = (publicKey = CLIENT_CERT.publicKey, certificate: X509Certificate | null = CLIENT_CERT) =>
    demoIdpAssertion(t.clock.now(), { proofKey: { type: 'public', publicKey, ...(certificate ? { certificate } : {}) } });

  async function send(credential: IssueCredential) {
    const req = buildIssueRequest({ endpoint: `${t.base}${SP_STS_PATH}`, appliesTo: 'urn:example:local-app', credential, now: () => t.clock.now() });
    const before = t.issuedCount();
    const res = await t.post(req.body, req.contentType, req.soapAction ? { SOAPAction: req.soapAction } : {}, SP_STS_PATH);
    return { res, reply: parseIssueResponse(res.body), issued: t.issuedCount() - before, body: req.body, contentType: req.contentType };
  }


  it('signed with the confirmation key (the demo client\'s): exchanged for a local token', async () => {
    const { reply, issued } = await send({ kind: 'x509', ...DEMO_X509, holderOfKeyAssertion: await hokAssertion() });
    if (!reply.ok) throw new Error(`${JSON.stringify(reply.fault)}: ${lastRefusalReason(t)}`);
    expect(issued).to.equal(1);
    expect(reply.token).to.include('>alice</saml:NameID>');
  });

  it('also with the key as an RSA KeyValue in the confirmation', async () => {
    const { reply } = await send({ kind: 'x509', ...DEMO_X509, holderOfKeyAssertion: await hokAssertion(CLIENT_CERT.publicKey, null) });
    if (!reply.ok) throw new Error(`${JSON.stringify(reply.fault)}: ${lastRefusalReason(t)}`);
  });

  it('refuses the assertion without a message signature (a bearer-style presentation): wst:InvalidSecurityToken, nothing issued', async () => {
    const { reply, issued } = await send({ kind: 'token', xml: await hokAssertion() });
    expect(reply.ok).to.equal(false);
    if (!reply.ok) expect(reply.fault.subcode?.localName).to.equal('InvalidSecurityToken');
    expect(issued).to.equal(0);
    expect(lastRefusalReason(t)).to.match(/holder-of-key not proven/);
  });

  it('refuses a message signed by another key than the confirmation key: wst:InvalidSecurityToken, nothing issued', async () => {
    const other = await createSelfSignedKey({ kid: 'other', subject: 'CN=Other client' });
    const { reply, issued } = await send({ kind: 'x509', certificatePem: other.certificatePem, privateKeyPem: other.privateKeyPem, holderOfKeyAssertion: await hokAssertion() });
    expect(reply.ok).to.equal(false);
    if (!reply.ok) expect(reply.fault.subcode?.localName).to.equal('InvalidSecurityToken');
    expect(issued).to.equal(0);
    expect(lastRefusalReason(t)).to.match(/holder-of-key not proven/);
  });

  it('refuses a confirmation key under 2048 bits', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const { reply, issued } = await send({ kind: 'x509', ...DEMO_X509, holderOfKeyAssertion: await hokAssertion(weak, null) });
    expect(reply.ok).to.equal(false);
    expect(issued).to.equal(0);
    expect(lastRefusalReason(t)).to.match(/not RSA of 2048 bits/);
  });

  it('refuses the same signed message twice (message replay cache)', async () => {
    const first = await send({ kind: 'x509', ...DEMO_X509, holderOfKeyAssertion: await hokAssertion() });
    expect(first.reply.ok).to.equal(true);
    // Resend the identical bytes but with a fresh MessageID, which the signature does not cover... the kernel's
    // MessageID check would catch an identical resend first, so change only that unsigned header.
    const body = first.body.replace(/<wsa:MessageID>[^<]+<\/wsa:MessageID>/, `<wsa:MessageID>urn:uuid:${crypto.randomUUID()}</wsa:MessageID>`);
    expect(body).not.to.equal(first.body);
    const before = t.issuedCount();
    const res = await t.post(body, first.contentType, {}, SP_STS_PATH);
    const reply = parseIssueResponse(res.body);
    expect(reply.ok).to.equal(false);
    expect(t.issuedCount()).to.equal(before);
    expect(lastRefusalReason(t)).to.match(/seen before \(replay\)/);
  });

  it('refuses a bearer assertion in a signed message (no one would check that signature)', async () => {
    const bearer = await demoIdpAssertion(t.clock.now());
    const { reply, issued } = await send({ kind: 'x509', ...DEMO_X509, holderOfKeyAssertion: bearer });
    expect(reply.ok).to.equal(false);
    expect(issued).to.equal(0);
    expect(lastRefusalReason(t)).to.match(/no holder-of-key confirmation/);
  });
});
