#!/usr/bin/env node
/**
 * `npm run bench` (issue 12): how close the STS comes to the RSA signing limit of this machine.
 *
 * Starts the STS as `npm start` does (the primary and one worker per core, demo profile), measures the raw
 * RSA-2048 signing rate of all cores (the ceiling: every scenario issues or checks one RSA signature per
 * token), then drives each scenario for `--seconds` with `--concurrency` requests in flight and prints
 * tokens/s, the ratio to the ceiling (measured again for 1 s just before and just after each scenario: the
 * ratio uses their mean, since the machine's speed moves), p50/p99 latency, the server's CPU per token (utime + stime of the
 * primary and workers from /proc), the load generator's own CPU per request, and the RSS of each worker.
 * Last, the p99 at half the maximum load of the JWT → SAML 2.0 scenario. `oauth-jwt` is JWT → JWT through the OAuth
 * face (RFC 8693 token exchange, client_secret_basic): issue 12 sets it no target; it shows the client-secret cache.
 *
 *   node bench/bench.mjs [--seconds 10] [--concurrency 8] [--only NAME] [--help]
 *   npm run bench -- --seconds 1
 *   BENCH_STS_LOG=1 STS_LOG_LEVEL=info node bench/bench.mjs --only jwt-jwt   # the STS log on standard error
 *
 * Scenarios: jwt-saml2, username-saml2, x509-saml2, jwt-jwt, validate-saml2, oauth-jwt, half-load.
 * It talks to 127.0.0.1 only, to the server it started, and stops that server and itself when done.
 * Speed is never asserted: the figures go in the README's "Performance" section, not in a test.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TokenType } from '@sts/sdk';
import { buildIssueRequest, buildValidateRequest, jwtSecurityToken } from '@sts/sdk/client';
import { demoIdpAssertion } from '../demo/demo-tokens.mjs';
import { isExchanged, isIssued, isValid } from './lib/answer-checks.mjs';
import { driveLoad } from './lib/drive-load.mjs';
import { stsCpu, workerCoreShares } from './lib/process-cpu.mjs';
import { stsMemory } from './lib/process-memory.mjs';
import { freshMessageIds, x509RequestPool } from './lib/request-pools.mjs';
import { reusableJwt } from './lib/reusable-jwt.mjs';
import { rsaSigningCeiling } from './lib/rsa-signing-ceiling.mjs';
import { ROOT, startSts } from './lib/start-sts.mjs';

const SCENARIOS = ['jwt-saml2', 'username-saml2', 'x509-saml2', 'jwt-jwt', 'validate-saml2', 'oauth-jwt', 'half-load'];
const USAGE = readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith(' *   ')).map((l) => l.slice(3)).join('\n');

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (values.help) {
  console.log(`${USAGE}\n\nScenarios: ${SCENARIOS.join(', ')}`);
  process.exit(0);
}
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
if (!(seconds > 0) || !(Number.isInteger(concurrency) && concurrency > 0)) throw new Error('--seconds and --concurrency must be positive');
if (values.only !== undefined && !SCENARIOS.includes(values.only)) throw new Error(`--only: one of ${SCENARIOS.join(', ')}`);
const wanted = (name) => values.only === undefined || values.only === name || (values.only === 'half-load' && name === 'jwt-saml2');

const demo = (...path) => readFileSync(join(ROOT, 'demo', ...path), 'utf8');

const machine = `${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`;
console.log(`machine: ${machine}; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// The audit log goes to a file, as in production: on standard output it would be piped into this process and
// count as the load generator's CPU.
const auditDir = mkdtempSync(join(tmpdir(), 'sts-bench-'));
const sts = await startSts({ env: { STS_AUDIT_FILE: join(auditDir, 'audit.log') }, onStdout: process.env.BENCH_STS_LOG ? (c) => process.stderr.write(c) : undefined });
let exitCode = 0;
try {
  const ceiling = await rsaSigningCeiling({ seconds: Math.min(3, seconds) });
  console.log(`RSA-2048 PKCS#1 v1.5 SHA-256 signing, all ${ceiling.cores} cores: ${ceiling.perSecond.toFixed(0)}/s (${ceiling.perCore.map((r) => r.toFixed(0)).join(' + ')})`);
  console.log(`${seconds} s per scenario, ${concurrency} requests in flight, ${stsMemory(sts.child.pid).workers.length} workers\n`);

  const warmupSeconds = Math.min(2, seconds / 5);
  const SCENARIO_CEILING_SECONDS = Math.min(1, seconds / 5);
  const common = { soapVersion: '1.2', trustVersion: '1.3' };
  const idp = `${sts.base}/idp/sts.wst`;
  /** name -> () => Promise<{ url, contentType, nextBody, accept, note? }> */
  const setups = {
    'jwt-saml2': async () => {
      const built = buildIssueRequest({ ...common, endpoint: idp, appliesTo: 'urn:example:sp', tokenType: TokenType.Saml20, credential: { kind: 'token', xml: jwtSecurityToken(await reusableJwt()) } });
      return { url: idp, contentType: built.contentType, nextBody: freshMessageIds(built), accept: isIssued };
    },
    'username-saml2': async () => {
      const built = buildIssueRequest({ ...common, endpoint: idp, appliesTo: 'urn:example:sp', tokenType: TokenType.Saml20, credential: { kind: 'username', username: 'joe', password: '2Federate' } });
      return { url: idp, contentType: built.contentType, nextBody: freshMessageIds(built), accept: isIssued };
    },
    'x509-saml2': async () => {
      // Enough signed requests for a little more than the issue's target (0.30 of the ceiling); signing them
      // takes a while, so not more. The run ends early, and says so, if they run out.
      const count = Math.ceil(Math.max(200, ceiling.perSecond * 0.35) * (seconds + warmupSeconds));
      const started = performance.now();
      const pool = await x509RequestPool(count, { endpoint: idp, appliesTo: 'urn:example:sp', tokenType: TokenType.Saml20, certificatePem: demo('x509', 'demo-client.pem'), privateKeyPem: demo('x509', 'demo-client-key.pem') });
      console.log(`  (x509-saml2: ${pool.size} signed requests prepared in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return { url: idp, contentType: pool.contentType, nextBody: pool.next, accept: isIssued };
    },
    'jwt-jwt': async () => {
      const built = buildIssueRequest({ ...common, endpoint: idp, appliesTo: 'urn:example:sp', tokenType: TokenType.Jwt, credential: { kind: 'token', xml: jwtSecurityToken(await reusableJwt()) } });
      return { url: idp, contentType: built.contentType, nextBody: freshMessageIds(built), accept: isIssued };
    },
    'validate-saml2': async () => {
      const url = `${sts.base}/sp/sts.wst`;
      // A status-only Validate without a credential consumes nothing: the same assertion may be asked again.
      const built = buildValidateRequest({ ...common, endpoint: url, target: await demoIdpAssertion(new Date()), credential: { kind: 'none' } });
      return { url, contentType: built.contentType, nextBody: freshMessageIds(built), accept: isValid };
    },
    'oauth-jwt': async () => {
      // The demo OAuth client (demo fixture) with client_secret_basic; the JWT has no jti, so it may be re-sent.
      const url = `${sts.base}/as/token.oauth2`;
      const body = new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: await reusableJwt(),
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        requested_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        audience: 'urn:example:sp',
      }).toString();
      const headers = { Authorization: `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}` };
      return { url, contentType: 'application/x-www-form-urlencoded', headers, nextBody: () => body, accept: isExchanged };
    },
  };

  const rows = [];
  const results = {};
  for (const name of SCENARIOS) {
    if (!wanted(name)) continue;
    let setup;
    let rate;
    if (name === 'half-load') {
      rate = results['jwt-saml2'].perSecond / 2;
      setup = await setups['jwt-saml2']();
    } else {
      setup = await setups[name]();
    }
    const load = { ...setup, concurrency: rate === undefined ? concurrency : 64, rate };
    // Unmeasured first seconds: the workers' JIT and caches warm up on this scenario's path, so the first
    // scenario of a run is not penalised for being first.
    if (warmupSeconds > 0) await driveLoad({ ...load, seconds: warmupSeconds });
    // The machine's speed moves within minutes (this VM: by a third within an hour), so each scenario is
    // compared with the signing rate measured just before and just after it, not only at the start of the run.
    const rateBefore = await rsaSigningCeiling({ seconds: SCENARIO_CEILING_SECONDS });
    const before = stsCpu(sts.child.pid);
    const result = await driveLoad({ ...load, seconds });
    const after = stsCpu(sts.child.pid);
    const rateAfter = await rsaSigningCeiling({ seconds: SCENARIO_CEILING_SECONDS });
    const scenarioCeiling = (rateBefore.perSecond + rateAfter.perSecond) / 2;
    const samePids = before.pids.join() === after.pids.join();
    const memory = stsMemory(sts.child.pid);
    results[name] = result;
    if (result.failed > 0) exitCode = 1;
    rows.push({
      scenario: name === 'half-load' ? `half-load (jwt-saml2 paced at ${rate.toFixed(0)}/s)` : name,
      'tokens/s': result.perSecond.toFixed(0),
      ratio: (result.perSecond / scenarioCeiling).toFixed(3),
      'ceiling /s': `${rateBefore.perSecond.toFixed(0)}–${rateAfter.perSecond.toFixed(0)}`,
      'p50 ms': result.p50.toFixed(1),
      'p99 ms': result.p99.toFixed(1),
      'server CPU µs/token': `${result.ok ? ((after.micros - before.micros) / result.ok).toFixed(0) : '-'}${samePids ? '' : ' (a worker changed)'}`,
      'client CPU µs/req': result.clientCpuMicrosPerRequest.toFixed(0),
      'worker CPU %': workerCoreShares(before, after, result.elapsed).join(' / '),
      'RSS MB per worker': memory.workers.map((w) => w.mb).join(' / '),
      failed: String(result.failed),
    });
    console.log(`  ${name}: ${result.ok} ok, ${result.failed} failed in ${result.elapsed.toFixed(1)} s${result.exhausted ? ' (request pool used up)' : ''}`);
    if (result.firstFailure) console.log(`    first failure: ${result.firstFailure.replace(/\s+/g, ' ')}`);
  }

  const columns = Object.keys(rows[0] ?? {});
  console.log(`\nceiling: ${ceiling.perSecond.toFixed(0)} RSA-2048 signatures/s on ${ceiling.cores} cores; load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log(`| ${columns.join(' | ')} |`);
  console.log(`|${columns.map((c, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const row of rows) console.log(`| ${columns.map((c) => row[c]).join(' | ')} |`);
} finally {
  await sts.stop();
  rmSync(auditDir, { recursive: true, force: true });
}
process.exitCode = exitCode;
