import { expect } from 'chai';
import { join } from 'node:path';
import { StsClient } from '@sts/sdk/client';
import { FIXTURES } from '../helpers/paths.js';
import { demoConfig, demoInstances, startTestSts, type TestSts } from '../helpers/start-test-sts.js';
import { xmllintSchema } from '../helpers/external-tools.js';

describe('e2e: a token plug-in outside core/, listed in plugins.json', () => {
  let t: TestSts;
  before(async () => {
    const config = demoConfig();
    config['spConnections'].push({
      id: 'echo-sp',
      partnerServiceIds: [{ id: 'urn:example:echo-sp' }],
      defaultTokenType: 'urn:example:token:echo',
      tokenProcessors: ['username'],
    });
    t = await startTestSts({
      instances: [...demoInstances(), { id: 'echo', package: join(FIXTURES, 'plugins', 'echo-generator'), config: { prefix: 'hello' } }],
      config: { spConnections: config['spConnections'] },
    });
  });
  after(() => t.close());

  it('issues the plug-in\'s token type for the connection that names it, without any change to core/', async () => {
    const client = new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() });
    const r = await client.issue({ appliesTo: 'urn:example:echo-sp', username: 'joe', password: '2Federate' });
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal('urn:example:token:echo');
    expect(r.tokenValue).to.equal('hello:joe:urn:example:echo-sp');
    expect(r.attachedReference).to.equal(undefined);
  });

  it('answers with a schema-valid response for a text token', async () => {
    const { buildIssueRequest } = await import('@sts/sdk/client');
    const req = buildIssueRequest({ endpoint: t.endpoint, appliesTo: 'urn:example:echo-sp', credential: { kind: 'username', username: 'joe', password: '2Federate' }, now: () => t.clock.now() });
    const res = await t.post(req.body, req.contentType);
    expect(res.status).to.equal(200);
    const lint = xmllintSchema(res.body);
    expect(lint.status, lint.output).to.equal(0);
  });
});

describe('boot: connection references', () => {
  it('refuses to start when a connection names a processor instance plugins.json does not list', async () => {
    const config = demoConfig();
    config['spConnections'][0]['tokenProcessors'] = ['ldap'];
    const error = await startTestSts({ config: { spConnections: config['spConnections'] } }).then(() => new Error('started'), (e: unknown) => e as Error);
    expect(error.message).to.match(/STS_ERR_CONNECTION_INVALID: \/spConnections\/0\/tokenProcessors\/0: instance 'ldap' is not in .*plugins\.json/);
  });

  it('refuses to start when a connection names a signing key that is not configured', async () => {
    const config = demoConfig();
    config['spConnections'][0]['signingKeyId'] = 'old-key';
    const error = await startTestSts({ config: { spConnections: config['spConnections'] } }).then(() => new Error('started'), (e: unknown) => e as Error);
    expect(error.message).to.match(/STS_ERR_CONNECTION_INVALID: \/spConnections\/0\/signingKeyId: no signing key with kid old-key/);
  });
});
