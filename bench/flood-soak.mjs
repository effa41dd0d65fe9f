#!/usr/bin/env node
/**
 * Soak test for the unauthenticated flood of issue 7: starts the STS as `npm start` does (the demo profile,
 * `node core/dist/main.js`, STS_PORT on a free loopback port), then for a while sends, as fast as one client
 * can with bounded concurrency, requests that need no credential and carry a maximal, distinct wsa:MessageID
 * (just under the byte gate's text cap):
 *
 *   - status-only Validate at /sp/sts.wst (no credential, a junk assertion as the target: answers 200, invalid);
 *   - Issue without a credential at /idp/sts.wst (refused with FailedAuthentication).
 *
 * Every 5 s it prints the STS's resident memory (primary and workers, VmRSS from /proc), requests per second and
 * the HTTP status codes seen; at the end a verdict compares the RSS growth of the second half with the first.
 * The STS must keep nothing for these requests, so after warm-up its memory should stay flat.
 *
 *   node bench/flood-soak.mjs [--seconds 60] [--concurrency 8] [--id-length 2002]
 *   npm run soak:flood -- --seconds 60
 *
 * It talks to 127.0.0.1 only, to the server it started, and stops that server and itself when done.
 */
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { buildIssueRequest, buildValidateRequest } from '@sts/sdk/client';
import { startSts } from './lib/start-sts.mjs';
import { stsMemory } from './lib/process-memory.mjs';

const REPORT_EVERY_MS = 5_000;
/** The longest wsa:MessageID the STS accepts (longer ones are refused before anything else: InvalidRequest). */
const MAX_MESSAGE_ID = 2048;
/** `urn:uuid:` + a UUID + `:` before the filler. */
const ID_PREFIX = 46;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '8' },
    'id-length': { type: 'string', default: String(MAX_MESSAGE_ID - ID_PREFIX) },
  },
  strict: true,
});
const seconds = positiveInt(values.seconds, 'seconds');
const concurrency = positiveInt(values.concurrency, 'concurrency');
const idLength = positiveInt(values['id-length'], 'id-length');

const logLevels = new Map();
const sts = await startSts({ env: { STS_LOG_LEVEL: process.env.STS_LOG_LEVEL ?? 'info' }, onStdout: (chunk) => countLogLevels(chunk.toString('utf8')) });
const base = sts.base;
const rss = () => stsMemory(sts.child.pid);

console.log(`flood soak: ${seconds} s, concurrency ${concurrency}, MessageID ${idLength} characters, STS primary pid ${sts.child.pid} on ${base}`);
console.log('   t(s)   RSS(MB)   req/s   workers (pid:MB)   statuses so far');

const statuses = new Map();
let sent = 0;
let failed = 0;
let sentAtLastReport = 0;
const samples = [{ t: 0, rss: rss().total }];
const started = Date.now();
const deadline = started + seconds * 1000;
const filler = 'x'.repeat(idLength);

const reporter = setInterval(() => {
  const t = Math.round((Date.now() - started) / 1000);
  const memory = rss();
  samples.push({ t, rss: memory.total });
  const rate = Math.round((sent - sentAtLastReport) / (REPORT_EVERY_MS / 1000));
  sentAtLastReport = sent;
  const workers = memory.workers.map((w) => `${w.pid}:${w.mb}`).join(' ');
  console.log(`${String(t).padStart(7)} ${memory.total.toFixed(1).padStart(9)} ${String(rate).padStart(7)}   ${workers}   ${formatStatuses()}`);
}, REPORT_EVERY_MS);

await Promise.all(Array.from({ length: concurrency }, (_, worker) => floodLoop(worker)));
clearInterval(reporter);
samples.push({ t: Math.round((Date.now() - started) / 1000), rss: rss().total });
await sts.stop();

const end = samples.at(-1);
const mid = samples.reduce((best, s) => (Math.abs(s.t - end.t / 2) < Math.abs(best.t - end.t / 2) ? s : best));
const first = mid.rss - samples[0].rss;
const second = end.rss - mid.rss;
const flat = second <= Math.max(16, first / 4);
console.log(`requests: ${sent} in ${end.t} s (${Math.round(sent / Math.max(1, end.t))}/s); failed connections: ${failed}; statuses: ${formatStatuses()}`);
console.log(`server log lines by level: ${[...logLevels].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
console.log(`RSS: start ${samples[0].rss.toFixed(1)} MB, at ${mid.t} s ${mid.rss.toFixed(1)} MB, end ${end.rss.toFixed(1)} MB, peak ${Math.max(...samples.map((s) => s.rss)).toFixed(1)} MB`);
console.log(`verdict: ${flat ? 'FLAT' : 'GROWING'}: second half ${signed(second)} MB vs first half ${signed(first)} MB (flat means at most max(16 MB, a quarter of the first half))`);
process.exitCode = flat ? 0 : 1;

async function floodLoop(worker) {
  let i = 0;
  while (Date.now() < deadline) {
    const validate = (worker + i++) % 2 === 0;
    const path = validate ? '/sp/sts.wst' : '/idp/sts.wst';
    const messageId = `urn:uuid:${randomUUID()}:${filler}`;
    const built = validate
      ? buildValidateRequest({ endpoint: `${base}${path}`, credential: { kind: 'none' }, messageId, target: junkAssertion() })
      : buildIssueRequest({ endpoint: `${base}${path}`, credential: { kind: 'none' }, messageId, appliesTo: 'urn:example:sp' });
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        body: built.body,
        headers: { 'content-type': built.contentType, ...(built.soapAction === undefined ? {} : { SOAPAction: built.soapAction }) },
      });
      await res.arrayBuffer();
      statuses.set(`${path} ${res.status}`, (statuses.get(`${path} ${res.status}`) ?? 0) + 1);
    } catch {
      failed++;
    }
    sent++;
  }
}

/** A SAML 2.0 assertion no processor accepts (no signature): a status-only Validate answers "invalid". */
function junkAssertion() {
  return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${randomUUID()}" Version="2.0" IssueInstant="${new Date().toISOString()}"><saml:Issuer>urn:example:idp</saml:Issuer></saml:Assertion>`;
}


function formatStatuses() {
  return [...statuses].sort().map(([k, v]) => `${k}: ${v}`).join(', ');
}

function countLogLevels(text) {
  for (const line of text.split('\n')) {
    const level = /"level":(\d+)/.exec(line)?.[1];
    if (level) logLevels.set(level, (logLevels.get(level) ?? 0) + 1);
  }
}

function signed(n) {
  return `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
}

function positiveInt(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}



