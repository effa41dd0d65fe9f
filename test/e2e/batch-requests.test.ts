/**
 * Batch requests (README "Batch requests"; WS-Trust 1.3 section 4.3): a RequestSecurityTokenCollection is
 * answered by one RSTRC with an RSTR per RST, in order, each succeeding or failing on its own; a batch over
 * the cap, or one that mixes WS-Trust versions, is refused as a whole and nothing is issued.
 */
import { parseStrictXml } from '@sts/sdk/xml';
import { expect } from 'chai';
import { expectRefused, lastRefusalReason } from '../helpers/expect-fault.js';
import { xmllintSchema } from '../helpers/external-tools.js';
import { send, validRequest, type RawRequest } from '../helpers/issue-request.js';
import { assertionId, batchRequest, issueRenewable, lifecycleRequest, referenceTo, rstOf, startLifecycleSts, WST13, WST2005 } from '../helpers/lifecycle-request.js';
import type { TestSts } from '../helpers/start-test-sts.js';
import { xpathDocument } from '../helpers/elements-named.js';

const BF = 'https://sts.example/ns/ws-trust-batch-fault';


/** The RST of a valid Issue with a Context attribute and, optionally, another AppliesTo. */
function issueRst(t: TestSts, context: string, appliesTo = 'urn:example:sp'): string {
  return rstOf(validRequest(t, { appliesTo })).replace('<wst:RequestSecurityToken>', `<wst:RequestSecurityToken Context="${context}">`);
}

/** A batch of Issue RSTs in the envelope of a valid Issue request (its Security header authenticates joe). */
function issueBatch(t: TestSts, rsts: readonly string[]): RawRequest {
  return batchRequest(validRequest(t), rsts, 'Issue');
}

interface Item {
  readonly context: string | undefined;
  readonly tokenId?: string;
  readonly cancelled?: boolean;
  readonly fault?: { readonly code: string; readonly reason: string };
}

/** The RSTRs of an RSTRC reply, in order. */
function itemsOf(body: string): Item[] {
  const doc = xpathDocument(body);
  const rstrc = doc.get('//wst:RequestSecurityTokenResponseCollection', { wst: WST13 });
  if (!rstrc) throw new Error(`no RSTRC in ${body}`);
  return (rstrc as any).childNodes().filter((n: any) => n.type() === 'element').map((rstr: any): Item => {
    const ns = { wst: WST13, bf: BF, saml: 'urn:oasis:names:tc:SAML:2.0:assertion' };
    const assertion = rstr.get('wst:RequestedSecurityToken/saml:Assertion', ns);
    const fault = rstr.get('bf:Fault', ns);
    return {
      context: rstr.attr('Context')?.value(),
      ...(assertion ? { tokenId: assertion.attr('ID').value() } : {}),
      ...(rstr.get('wst:RequestedTokenCancelled', ns) ? { cancelled: true } : {}),
      ...(fault ? { fault: { code: fault.get('bf:Code', ns).text(), reason: fault.get('bf:Reason', ns).text() } } : {}),
    };
  });
}

describe('e2e: batch requests (RequestSecurityTokenCollection)', function () {
  let t: TestSts;
  beforeEach(async () => (t = await startLifecycleSts()));
  afterEach(() => t.close());

  it('answers three Issue RSTs with one RSTRC of three tokens, in order, under the BatchIssueFinal action', async () => {
    const res = await send(t, issueBatch(t, [issueRst(t, 'a'), issueRst(t, 'b'), issueRst(t, 'c')]));
    expect(res.status, res.body).to.equal(200);
    expect(res.body).to.match(new RegExp(`<wsa:Action[^>]*>${WST13}/RSTRC/BatchIssueFinal</wsa:Action>`));
    const items = itemsOf(res.body);
    expect(items.map((i) => i.context)).to.deep.equal(['a', 'b', 'c']);
    expect(items.every((i) => i.tokenId !== undefined && i.fault === undefined)).to.equal(true);
    expect(new Set(items.map((i) => i.tokenId)).size).to.equal(3);
    expect(t.issuedCount()).to.equal(3);
    const lint = xmllintSchema(res.body);
    expect(lint.status, lint.output).to.equal(0);
  });

  it('answers each RST on its own: an unknown AppliesTo in the middle fails that RST only (bf:Fault wst:RequestFailed)', async () => {
    const res = await send(t, issueBatch(t, [issueRst(t, 'a'), issueRst(t, 'b', 'urn:example:unknown'), issueRst(t, 'c')]));
    expect(res.status, res.body).to.equal(200);
    const items = itemsOf(res.body);
    expect(items.map((i) => i.context)).to.deep.equal(['a', 'b', 'c']);
    expect(items[0]!.tokenId).to.be.a('string');
    expect(items[1]).to.deep.equal({ context: 'b', fault: { code: 'wst:RequestFailed', reason: 'The specified request failed' } });
    expect(items[2]!.tokenId).to.be.a('string');
    expect(t.issuedCount()).to.equal(2);
    const refused = t.logger.records.filter((r) => (r.fields as { event?: string }).event === 'batch.item.refused');
    expect(refused).to.have.length(1);
    expect((refused[0]!.fields as { reason?: string }).reason).to.match(/no SP connection/);
    expect(res.body, 'the internal reason stays in the log').to.not.include('no SP connection');
    const lint = xmllintSchema(res.body);
    expect(lint.status, lint.output).to.equal(0);
  });

  it('refuses a batch over the cap (batch.maxRequests, default 10) as a whole: wst:InvalidRequest, nothing issued', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => issueRst(t, `r${i}`));
    expect((await send(t, issueBatch(t, ten))).status, 'ten is within the cap').to.equal(200);
    const eleven = Array.from({ length: 11 }, (_, i) => issueRst(t, `r${i}`));
    await expectRefused(t, issueBatch(t, eleven), { soapVersion: '1.2', code: 'InvalidRequest' });
    expect(lastRefusalReason(t)).to.match(/11 requests, more than batch.maxRequests \(10\)/);
  });

  it('refuses a copy of a batch (its wsa:MessageID seen before) as a whole: wst:ExpiredData, nothing issued the second time', async () => {
    const batch = issueBatch(t, [issueRst(t, 'a'), issueRst(t, 'b')]);
    expect((await send(t, batch)).status).to.equal(200);
    expect(t.issuedCount()).to.equal(2);
    await expectRefused(t, batch, { soapVersion: '1.2', code: 'ExpiredData' });
    expect(lastRefusalReason(t)).to.match(/MessageID .* was seen before/);
    expect(t.issuedCount()).to.equal(2);
  });

  it('honours a configured cap', async () => {
    const small = await startLifecycleSts({ config: { batch: { maxRequests: 2 } } });
    try {
      await expectRefused(small, issueBatch(small, [issueRst(small, 'a'), issueRst(small, 'b'), issueRst(small, 'c')]), { soapVersion: '1.2', code: 'InvalidRequest' });
      expect(lastRefusalReason(small)).to.match(/more than batch.maxRequests \(2\)/);
    } finally {
      await small.close();
    }
  });

  it('refuses a batch that mixes WS-Trust versions (a 2005/02 RST in a 1.3 collection) as a whole: wst:InvalidRequest, nothing issued', async () => {
    const rst2005 = issueRst(t, 'old')
      .replaceAll('wst:', 't5:')
      .replace('<t5:RequestSecurityToken ', `<t5:RequestSecurityToken xmlns:t5="${WST2005}" `)
      .replace(`${WST13}/Issue`, `${WST2005}/Issue`)
      .replace(`${WST13}/Bearer`, 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey');
    expect(rst2005).to.include(`xmlns:t5="${WST2005}"`);
    await expectRefused(t, issueBatch(t, [issueRst(t, 'a'), rst2005]), { soapVersion: '1.2', code: 'InvalidRequest' });
    expect(lastRefusalReason(t)).to.match(/mixes WS-Trust versions/);
  });

  it('refuses a batch that mixes operations (an Issue and a Cancel) as a whole', async () => {
    const first = await issueRenewable(t);
    const cancel = rstOf(lifecycleRequest(t, 'Cancel', referenceTo(assertionId(first.token))));
    const before = t.issuedCount();
    await expectRefused(t, issueBatch(t, [issueRst(t, 'a'), cancel]), { soapVersion: '1.2', code: 'InvalidRequest' });
    expect(lastRefusalReason(t)).to.match(/mixes operations/);
    expect(t.issuedCount()).to.equal(before);
  });

  it('cancels two tokens in one BatchCancel, each answered with RequestedTokenCancelled', async () => {
    const one = await issueRenewable(t);
    const two = await issueRenewable(t);
    const outer = lifecycleRequest(t, 'Cancel', referenceTo(assertionId(one.token)));
    const rsts = [one, two].map((r) => rstOf(lifecycleRequest(t, 'Cancel', referenceTo(assertionId(r.token)))));
    const res = await send(t, batchRequest(outer, rsts, 'Cancel'));
    expect(res.status, res.body).to.equal(200);
    expect(itemsOf(res.body).map((i) => i.cancelled)).to.deep.equal([true, true]);
    // The same token twice: the second RST is a replayed Cancel and fails on its own.
    const three = await issueRenewable(t);
    const again = rstOf(lifecycleRequest(t, 'Cancel', referenceTo(assertionId(three.token))));
    const replay = await send(t, batchRequest(lifecycleRequest(t, 'Cancel', referenceTo(assertionId(three.token))), [again, again], 'Cancel'));
    const items = itemsOf(replay.body);
    expect(items[0]!.cancelled).to.equal(true);
    expect(items[1]!.fault?.code).to.equal('wst:InvalidRequest');
  });
});
