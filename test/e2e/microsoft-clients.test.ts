import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssueResponse } from '@sts/sdk/client';
import { FIXTURES } from '../helpers/paths.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { xmllintSchema } from '../helpers/external-tools.js';

/** Fills a fixture the way MSAL fills its template: Timestamp now and +10 minutes, as MSAL does. */
function msalRequest(t: TestSts, file: string, values: Record<string, string> = {}): string {
  const now = t.clock.now();
  const fields: Record<string, string> = {
    messageId: randomUUID(),
    to: t.endpoint,
    created: now.toISOString(),
    expires: new Date(now.getTime() + 600_000).toISOString(),
    username: 'joe',
    password: '2Federate',
    appliesTo: 'urn:example:sp',
    ...values,
  };
  return readFileSync(join(FIXTURES, 'soap', file), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k: string) => fields[k] ?? '');
}

const SOAP12 = 'application/soap+xml; charset=utf-8';

describe('e2e: requests shaped the way Microsoft clients send them (peer-sts.md scenario 19)', () => {
  let t: TestSts;
  before(async () => (t = await startTestSts()));
  after(() => t.close());

  for (const [file, collection] of [['msal-usernamemixed-wstrust13.xml', true], ['msal-usernamemixed-wstrust2005.xml', false]] as const) {
    it(`issues for ${file}: SOAP 1.2, no TokenType, TokenType exactly the SAML 2.0 assertion URN`, async () => {
      const res = await t.post(msalRequest(t, file), SOAP12);
      expect(res.status).to.equal(200);
      expect(res.contentType).to.match(/^application\/soap\+xml/);
      const r = parseIssueResponse(res.body);
      if (!r.ok) throw new Error(JSON.stringify(r.fault));
      expect(r.collection).to.equal(collection);
      expect(r.tokenType).to.equal('urn:oasis:names:tc:SAML:2.0:assertion');
      expect(r.keyType).to.equal(collection ? 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer' : 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey');
      // MSAL keeps the raw RequestedSecurityToken bytes: the assertion must declare its own namespaces.
      expect(r.token).to.match(/^<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/);
      if (collection) expect(xmllintSchema(res.body).status).to.equal(0);
    });

    it(`answers a bad password in ${file} with a SOAP 1.2 fault that carries Code, Subcode and Reason`, async () => {
      const res = await t.post(msalRequest(t, file, { password: 'wrong' }), SOAP12);
      const r = parseIssueResponse(res.body);
      if (r.ok) throw new Error('expected a fault');
      expect(r.fault.code).to.equal('Sender');
      expect(r.fault.subcode?.localName).to.equal('FailedAuthentication');
      expect(r.fault.reason).to.equal('Authentication failed');
    });
  }
});
