import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssueResponse } from '@sts/sdk/client';
import type { Element } from 'libxmljs2';
import { xpathDocument } from '../helpers/elements-named.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { MSAL_ACTION_13, MSAL_ACTION_2005, msalPreferredEndpoint, msalRst, msalUsernameEndpoints, MsalMexError, type MsalEndpoint } from '../helpers/msal-mex.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { stsCertificatePem, xmlsecVerifyAssertion } from '../helpers/external-tools.js';

const PUBLIC = 'https://sts.example.test';
const SAML1_URN = 'urn:oasis:names:tc:SAML:1.0:assertion';
const SAML2_URN = 'urn:oasis:names:tc:SAML:2.0:assertion';
const LIVEID = 'http://schemas.microsoft.com/LiveID/Federation/2008/05';
const SOAP12 = 'application/soap+xml; charset=utf-8';

/** What MSAL's http_client.post does with the RST: SOAP 1.2 media type, SOAPAction header, to the discovered address. */
async function sendLikeMsal(t: TestSts, endpoint: MsalEndpoint, fields: { username?: string; password?: string; appliesTo: string }) {
  const body = msalRst(endpoint, { username: 'joe', password: '2Federate', now: t.clock.now(), messageId: randomUUID(), ...fields });
  // The public base URL stands for a TLS front end; the test listener behind it is plain HTTP on loopback.
  return t.post(body, SOAP12, { SOAPAction: endpoint.action }, new URL(endpoint.address).pathname);
}

describe('e2e: MSAL-shaped discovery and username/password flow from our MEX (issue 10, peer-sts.md scenario 19)', () => {
  let t: TestSts;
  before(async () => (t = await startTestSts({ publicBaseUrl: PUBLIC })));
  after(() => t.close());

  it('finds the WS-Trust 1.3 and 2005 username endpoints the way mex.py does, preferring 1.3', async () => {
    const mex = await (await fetch(`${t.base}/pf/sts_mex.ping?PartnerSpId=urn:example:sp`)).text();
    const endpoints = msalUsernameEndpoints(mex);
    expect(endpoints).to.deep.equal([
      { address: `${PUBLIC}/idp/sts.wst`, action: MSAL_ACTION_13 },
      { address: `${PUBLIC}/idp/sts.wst`, action: MSAL_ACTION_2005 },
    ]);
    expect(msalPreferredEndpoint(mex)).to.deep.equal({ address: `${PUBLIC}/idp/sts.wst`, action: MSAL_ACTION_13 });
  });

  it('the discovery check can fail: the ?wsdl document (SOAP 1.1 bindings too) breaks mex.py, an http base URL yields nothing', async () => {
    const wsdl = await (await fetch(`${t.base}/idp/sts.wst?wsdl`)).text();
    expect(() => msalUsernameEndpoints(wsdl)).to.throw(MsalMexError, /no soap12:binding/);
    const mex = await (await fetch(`${t.base}/idp/sts.wst/mex`)).text();
    expect(msalUsernameEndpoints(mex.replaceAll(PUBLIC, 'http://sts.example.test'))).to.deep.equal([]);
  });

  for (const action of [MSAL_ACTION_13, MSAL_ACTION_2005]) {
    it(`gets a token with MSAL's ${action === MSAL_ACTION_13 ? '1.3' : '2005'} usernamemixed request sent to the discovered endpoint`, async () => {
      const mex = await (await fetch(`${t.base}/pf/sts_mex.ping?PartnerSpId=urn:example:sp`)).text();
      const endpoint = msalUsernameEndpoints(mex).find((e) => e.action === action)!;
      const res = await sendLikeMsal(t, endpoint, { appliesTo: 'urn:example:sp' });
      expect(res.status, res.body).to.equal(200);
      const r = parseIssueResponse(res.body);
      if (!r.ok) throw new Error(JSON.stringify(r.fault));
      expect(r.collection).to.equal(action === MSAL_ACTION_13);
      // wstrust_response.py accepts only these two TokenType strings.
      expect([SAML1_URN, SAML2_URN]).to.include(r.tokenType);
    });
  }

  it('refuses MSAL\'s request with a wrong password: SOAP 1.2 fault, nothing issued', async () => {
    const endpoint = msalPreferredEndpoint(await (await fetch(`${t.base}/pf/sts_mex.ping?PartnerSpId=urn:example:sp`)).text())!;
    const before = t.issuedCount();
    const res = await sendLikeMsal(t, endpoint, { password: 'wrong', appliesTo: 'urn:example:sp' });
    const r = parseIssueResponse(res.body);
    if (r.ok) throw new Error('expected a fault');
    expect(r.fault.subcode?.localName).to.equal('FailedAuthentication');
    expect(t.issuedCount()).to.equal(before);
  });
});

describe('e2e: the Office 365 / Entra ID profile (demo/office365.config.json; issue 10 part 4)', () => {
  const profile = JSON.parse(readFileSync(join(REPO_ROOT, 'demo', 'office365.config.json'), 'utf8'));
  const joe = JSON.parse(readFileSync(join(REPO_ROOT, 'demo', 'users.json'), 'utf8')).users[0].attributes;
  let t: TestSts;
  before(async () => (t = await startTestSts({ baseConfig: profile, publicBaseUrl: PUBLIC })));
  after(() => t.close());

  const assertionOf = async (action: string, fields: { password?: string } = {}) => {
    const mex = await (await fetch(`${t.base}/pf/sts_mex.ping?PartnerSpId=urn:federation:MicrosoftOnline`)).text();
    const endpoint = msalUsernameEndpoints(mex).find((e) => e.action === action)!;
    return sendLikeMsal(t, endpoint, { appliesTo: 'urn:federation:MicrosoftOnline', ...fields });
  };

  it('serves the MEX at /pf/sts_mex.ping?PartnerSpId=urn:federation:MicrosoftOnline with username ports only and a SAML 1.1 template', async () => {
    const mex = await (await fetch(`${t.base}/pf/sts_mex.ping?PartnerSpId=urn:federation:MicrosoftOnline`)).text();
    expect(msalUsernameEndpoints(mex).map((e) => e.action)).to.deep.equal([MSAL_ACTION_13, MSAL_ACTION_2005]);
    expect(mex).to.not.contain('CertificateWSTrustBinding');
    expect(mex).to.contain(`<wst:TokenType>${SAML1_URN}</wst:TokenType>`);
  });

  for (const action of [MSAL_ACTION_13, MSAL_ACTION_2005]) {
    it(`issues what Entra ID checks for MSAL's ${action === MSAL_ACTION_13 ? '1.3' : '2005'} request: SAML 1.1, issuer, audience, ImmutableID NameIdentifier, UPN and ImmutableID, a signature xmlsec1 verifies`, async () => {
      const res = await assertionOf(action);
      expect(res.status, res.body).to.equal(200);
      const r = parseIssueResponse(res.body);
      if (!r.ok) throw new Error(JSON.stringify(r.fault));
      expect(r.tokenType).to.equal(SAML1_URN);
      const a = xpathDocument(r.token!).root() as Element;
      const ns = { saml: SAML1_URN };
      expect(a.attr('Issuer')?.value()).to.equal(profile.issuer.entityId);
      expect((a.find('saml:Conditions/saml:AudienceRestrictionCondition/saml:Audience', ns) as Element[]).map((e) => e.text())).to.deep.equal(['urn:federation:MicrosoftOnline']);
      for (const statement of a.find('saml:*/saml:Subject/saml:NameIdentifier', ns) as Element[]) {
        expect(statement.attr('Format')?.value()).to.equal('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
        expect(statement.text()).to.equal(joe.immutableId[0]);
      }
      const attribute = (name: string) => a.get(`saml:AttributeStatement/saml:Attribute[@AttributeName='${name}']`, ns) as Element;
      expect(attribute('UPN').attr('AttributeNamespace')?.value()).to.equal(LIVEID);
      expect(attribute('UPN').text()).to.equal('joe@example.com');
      expect(attribute('ImmutableID').attr('AttributeNamespace')?.value()).to.equal(LIVEID);
      expect(attribute('ImmutableID').text()).to.equal(joe.immutableId[0]);
      expect(a.find('saml:AuthenticationStatement/saml:Subject/saml:SubjectConfirmation/saml:ConfirmationMethod', ns).map((e) => (e as Element).text())).to.deep.equal(['urn:oasis:names:tc:SAML:1.0:cm:bearer']);
      const cert = await stsCertificatePem(t);
      const verified = xmlsecVerifyAssertion(r.token!, cert, '1.1');
      expect(verified.verdict, verified.output).to.equal('OK');
      // The check can fail: the same assertion with another UPN does not verify.
      const forged = xmlsecVerifyAssertion(r.token!.replace('joe@example.com', 'admin@example.com'), cert, '1.1');
      expect(forged.verdict, forged.output).to.equal('FAIL');
    });
  }

  it('answers the active-logon partner id (host and path without the scheme, as PingFederate\'s guide sets it) the same way', async () => {
    const res = await fetch(`${t.base}/pf/sts_mex.ping?PartnerSpId=${encodeURIComponent('localhost:9443/idp/sts.wst')}`);
    expect(res.status).to.equal(200);
  });

  it('refuses a wrong password for Entra ID\'s partner: fault, nothing issued', async () => {
    const before = t.issuedCount();
    const res = await assertionOf(MSAL_ACTION_13, { password: 'wrong' });
    const r = parseIssueResponse(res.body);
    if (r.ok) throw new Error('expected a fault');
    expect(r.fault.subcode?.localName).to.equal('FailedAuthentication');
    expect(res.body).to.not.contain('Assertion');
    expect(t.issuedCount()).to.equal(before);
  });
});
