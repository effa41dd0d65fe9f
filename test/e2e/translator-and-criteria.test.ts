import { expect } from 'chai';
import { StsClient } from '@sts/sdk/client';
import { TokenType } from '@sts/sdk';
import { TOKEN_TRANSLATOR_PATH, SP_STS_PATH } from '@sts/core';
import { demoConfig, startTestSts, type TestSts } from '../helpers/start-test-sts.js';

describe('e2e: token translator (/pf/sts.wst) with token-to-token mappings', () => {
  let t: TestSts;
  before(async () => {
    t = await startTestSts({
      config: {
        tokenMappings: [
          {
            id: 'ut-to-saml',
            processor: 'username',
            defaultTokenType: TokenType.Saml20,
            defaultAudience: 'urn:example:translated',
            attributeContract: [{ name: 'email', source: { type: 'token', attribute: 'mail' } }],
          },
        ],
      },
    });
  });
  after(() => t.close());

  const client = () => new StsClient({ endpoint: `${t.base}${TOKEN_TRANSLATOR_PATH}`, now: () => t.clock.now() });

  it('exchanges a UsernameToken for a SAML 2.0 assertion by the mapping of its processor', async () => {
    const r = await client().issue({ appliesTo: 'urn:example:translated', username: 'joe', password: '2Federate' });
    if (!r.ok) throw new Error(JSON.stringify(r.fault));
    expect(r.tokenType).to.equal(TokenType.Saml20);
    expect(r.token).to.include('<saml:Audience>urn:example:translated</saml:Audience>');
    expect(r.token).to.include('Name="email"');
    expect(r.token).to.not.include('Name="mail"');
  });

  it('still authenticates: a wrong password is wst:FailedAuthentication and nothing is issued', async () => {
    const before = t.issuedCount();
    const r = await client().issue({ appliesTo: 'urn:example:translated', username: 'joe', password: 'nope' });
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.fault.subcode?.localName).to.equal('FailedAuthentication');
    expect(t.issuedCount()).to.equal(before);
  });

  it('refuses a token type the mapping does not allow with wst:BadRequest', async () => {
    const r = await client().issue({ appliesTo: 'urn:example:translated', username: 'joe', password: '2Federate', tokenType: TokenType.Saml11 });
    if (r.ok) throw new Error('issued');
    expect(r.fault.subcode?.localName).to.equal('BadRequest');
  });
});

describe('e2e: token translator without a mapping, and the SP STS without an IdP connection', () => {
  let t: TestSts;
  before(async () => (t = await startTestSts()));
  after(() => t.close());

  for (const path of [TOKEN_TRANSLATOR_PATH, SP_STS_PATH]) {
    it(`refuses a UsernameToken at ${path} with wst:RequestFailed (no mapping or IdP connection applies)`, async () => {
      const r = await new StsClient({ endpoint: `${t.base}${path}`, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate' });
      if (r.ok) throw new Error('issued');
      expect(r.fault.subcode?.localName).to.equal('RequestFailed');
      expect(t.issuedCount()).to.equal(0);
    });
  }
});

describe('e2e: issuance criteria', () => {
  function withCriteria(criteria: object[]) {
    const config = demoConfig();
    config['spConnections'][0]['issuanceCriteria'] = criteria;
    return startTestSts({ config: { spConnections: config['spConnections'] } });
  }

  it('issues when every criterion holds (equals, contains, matches)', async () => {
    const t = await withCriteria([
      { attribute: 'role', condition: 'equals', value: 'user' },
      { attribute: 'mail', condition: 'contains', value: '@example.com' },
      { attribute: 'subject', condition: 'matches', value: '[a-z]+' },
    ]);
    try {
      const r = await new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate' });
      expect(r.ok).to.equal(true);
    } finally {
      await t.close();
    }
  });

  for (const [name, criterion] of [
    ['equals', { attribute: 'role', condition: 'equals', value: 'admin', error: 'Only administrators may use this service' }],
    ['contains', { attribute: 'mail', condition: 'contains', value: '@corp.example', error: 'Only administrators may use this service' }],
    ['matches (anchored)', { attribute: 'subject', condition: 'matches', value: 'jo', error: 'Only administrators may use this service' }],
    ['on a missing attribute', { attribute: 'department', condition: 'equals', value: 'it', error: 'Only administrators may use this service' }],
  ] as const) {
    it(`refuses with wst:RequestFailed and the configured error when a criterion fails (${name})`, async () => {
      const t = await withCriteria([criterion]);
      try {
        const r = await new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() }).issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate' });
        if (r.ok) throw new Error('issued');
        expect(r.fault.subcode?.localName).to.equal('RequestFailed');
        expect(r.fault.reason).to.equal('Only administrators may use this service');
        expect(t.issuedCount()).to.equal(0);
      } finally {
        await t.close();
      }
    });
  }

  it('refuses to start on a criterion whose regular expression does not compile', async () => {
    const error = await withCriteria([{ attribute: 'role', condition: 'matches', value: '(' }]).then(() => new Error('started'), (e: unknown) => e as Error);
    expect(error.message).to.match(/STS_ERR_CONFIG_INVALID: .*\/spConnections\/0\/issuanceCriteria\/0\/value/);
  });
});
