#!/usr/bin/env node
/**
 * Soak of the process model (issue 8): starts the STS as `npm start` does (all workers), measures the most
 * UsernameToken → SAML 2.0 issues per second one client gets for a few seconds, then sends half that rate,
 * paced, for the soak period, and prints every 10 s the rate, failures and the RSS of the primary and of each
 * worker. At the end: the total RSS growth in each half and a verdict, FLAT when the second half grew by at
 * most 32 MB or a quarter of the first half's growth (a recycled worker counts: that is the mechanism). Each
 * point (start, middle, end) is the median of three samples, 20 s: one sample is a moment in a worker's
 * collection cycle (session 10: one worker read 115, 115, then 151 MB in the last 10 s of a run whose
 * total had not grown for five minutes, and that one sample decided the verdict).
 *
 *   node bench/soak-workers.mjs [--minutes 10] [--probe-seconds 10] [--concurrency 8]
 *   npm run soak:workers -- --minutes 10
 *
 * It talks to 127.0.0.1 only, to the server it started, and stops that server and itself when done.
 */
import { parseArgs } from 'node:util';
import { TokenType } from '@sts/sdk';
import { StsClient, buildIssueRequest } from '@sts/sdk/client';
import { isIssued } from './lib/answer-checks.mjs';
import { driveLoad } from './lib/drive-load.mjs';
import { freshMessageIds } from './lib/request-pools.mjs';
import { startSts } from './lib/start-sts.mjs';
import { stsMemory } from './lib/process-memory.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'probe-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
  },
  strict: true,
});
const soakMs = Number(values.minutes) * 60_000;
const probeMs = Number(values['probe-seconds']) * 1000;
const concurrency = Number(values.concurrency);
if (!(soakMs > 0 && probeMs > 0 && Number.isInteger(concurrency) && concurrency > 0)) throw new Error('bad arguments');
// The verdict compares RSS samples taken every 10 s: a shorter soak has none to compare.
if (soakMs < 30_000) throw new Error('--minutes: at least 0.5 (RSS is sampled every 10 s)');

const sts = await startSts();
const client = new StsClient({ endpoint: `${sts.base}/idp/sts.wst`, timeoutMs: 10_000 });
const request = { appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate' };
const stats = { ok: 0, failed: 0 };
/** Failures by reason: the fault's subcode, or the client error's message. */
const reasons = new Map();

function failed(reason) {
  stats.failed++;
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
}

async function one() {
  try {
    const reply = await client.issue(request);
    if (reply.ok) stats.ok++;
    else failed(reply.fault.subcode?.localName ?? reply.fault.code);
  } catch (error) {
    // fetch's own message is only "fetch failed": the socket error (ECONNRESET, ECONNREFUSED) is its cause.
    const code = error?.cause?.cause?.code ?? error?.cause?.code;
    failed(`${String(error?.message ?? error).slice(0, 80)}${code ? ` (${code})` : ''}`);
  }
}

// 1. The most the STS gives with `concurrency` requests in flight, through the bench's load generator: it opens
// its connections one at a time (bench/lib/drive-load.mjs); before session 10, fetch opened them all at once,
// node:cluster handed most of them to one worker, and the probe measured one core.
const probeRequest = buildIssueRequest({ endpoint: `${sts.base}/idp/sts.wst`, soapVersion: '1.2', trustVersion: '1.3', appliesTo: request.appliesTo, tokenType: TokenType.Saml20, credential: { kind: 'username', username: request.username, password: request.password } });
const probe = await driveLoad({
  url: `${sts.base}/idp/sts.wst`,
  contentType: probeRequest.contentType,
  nextBody: freshMessageIds(probeRequest),
  accept: isIssued,
  seconds: probeMs / 1000,
  concurrency,
});
if (probe.failed > 0) console.log(`probe: ${probe.failed} failed; first: ${probe.firstFailure}`);
const maxRate = probe.perSecond;
const rate = Math.max(1, maxRate / 2);
console.log(`probe: ${maxRate.toFixed(0)} tokens/s at most; soaking at ${rate.toFixed(0)}/s for ${values.minutes} min`);

// 2. Half that rate, paced (open loop: a slow answer does not slow the sender), for the soak period.
stats.ok = 0;
stats.failed = 0;
const start = Date.now();
const samples = [];
let last = { at: start, ok: 0 };
const report = setInterval(() => {
  const now = Date.now();
  const memory = stsMemory(sts.child.pid);
  samples.push({ at: now - start, total: memory.total });
  const perSecond = ((stats.ok - last.ok) * 1000) / (now - last.at);
  last = { at: now, ok: stats.ok };
  const workers = memory.workers.map((w) => `${w.pid}:${w.mb}`).join(' ');
  if (stats.failed > 0 && reasons.size > 0) console.log(`         failures so far: ${[...reasons].map(([r, n]) => `${r}: ${n}`).join('; ')}`);
  console.log(`${String(Math.round((now - start) / 1000)).padStart(5)} s  ${perSecond.toFixed(0).padStart(5)}/s  failed ${stats.failed}  RSS MB primary ${memory.primary}  workers ${workers}  total ${memory.total}`);
}, 10_000);
const inFlight = new Set();
// fetch opens a connection per request in flight; the STS cuts a client at server.limits.maxConnectionsPerClient
// (64 by default), so a stall (a full collection) with more in flight would count the limit's cuts as failures.
const MAX_IN_FLIGHT = 48;
const interval = 1000 / rate;
let next = Date.now();
while (Date.now() - start < soakMs) {
  next += interval;
  if (inFlight.size < MAX_IN_FLIGHT) {
    const p = one().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  const wait = next - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
await Promise.all(inFlight);
clearInterval(report);
await sts.stop();

const half = soakMs / 2;
const nearest = (t) => samples.reduce((best, s, i) => (Math.abs(s.at - t) < Math.abs(samples[best].at - t) ? i : best), 0);
/** The sample whose total is the median of the three from `i` on (clamped to the run). */
const medianOfThree = (i) => {
  const from = Math.max(0, Math.min(i, samples.length - 3));
  return samples.slice(from, from + 3).sort((a, b) => a.total - b.total)[Math.min(1, samples.length - from - 1)];
};
const [first, middle, end] = [medianOfThree(0), medianOfThree(nearest(half) - 1), medianOfThree(samples.length - 3)];
const firstGrowth = middle.total - first.total;
const secondGrowth = end.total - middle.total;
const flat = secondGrowth <= Math.max(32, firstGrowth / 4);
console.log(`tokens issued ${stats.ok}, failed ${stats.failed}${reasons.size ? ` (${[...reasons].map(([r, n]) => `${r}: ${n}`).join('; ')})` : ''}`);
console.log(`RSS total: first half ${first.total} -> ${middle.total} MB (${firstGrowth >= 0 ? '+' : ''}${firstGrowth}), second half -> ${end.total} MB (${secondGrowth >= 0 ? '+' : ''}${secondGrowth})`);
console.log(`verdict: ${flat ? 'FLAT' : 'GROWING'}`);
process.exitCode = flat && stats.failed === 0 ? 0 : 1;
