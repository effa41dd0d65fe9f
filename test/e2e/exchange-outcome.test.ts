/**
 * The exchange reports one outcome per request to its observers (BootOptions.exchangeObservers), the hook
 * for metrics and audit: what was chosen and issued, or the fault, whichever face the request came through.
 */
import { expect } from 'chai';
import type { ExchangeOutcome } from '@sts/core';
import { expectIssued, expectRefused } from '../helpers/expect-fault.js';
import { validRequest } from '../helpers/issue-request.js';
import { startTestSts, type TestSts } from '../helpers/start-test-sts.js';

describe('e2e: exchange outcomes for observers', () => {
  let t: TestSts;
  const outcomes: ExchangeOutcome[] = [];
  before(async () => (t = await startTestSts({ exchangeObservers: [(o) => outcomes.push(o)] })));
  after(() => t.close());
  beforeEach(() => (outcomes.length = 0));

  it('reports an issued token with its connection, processor, generator, subject and durations', async () => {
    await expectIssued(t, validRequest(t));
    expect(outcomes).to.have.length(1);
    const [o] = outcomes;
    expect(o).to.include({ role: 'idp', operation: 'issue', processorId: 'username', connectionId: 'demo-sp', generatorId: 'saml20', subject: 'joe' });
    expect(o!.tokenId).to.be.a('string');
    expect(o!.fault).to.equal(undefined);
    expect(o!.durations.totalMs).to.be.at.least(o!.durations.processMs);
  });

  it('reports a refusal after authentication with its fault code and no token', async () => {
    await expectRefused(t, validRequest(t, { appliesTo: 'urn:example:unknown' }), { soapVersion: '1.2', code: 'RequestFailed' });
    expect(outcomes).to.have.length(1);
    expect(outcomes[0]).to.include({ processorId: 'username', fault: 'RequestFailed' });
    expect(outcomes[0]!.tokenId).to.equal(undefined);
  });

  it('reports a failed authentication with its fault code', async () => {
    await expectRefused(t, validRequest(t, { password: 'wrong' }), { soapVersion: '1.2', code: 'FailedAuthentication' });
    expect(outcomes.map((o) => o.fault)).to.deep.equal(['FailedAuthentication']);
  });
});
