/**
 * What a signed token costs at least on this machine, with this load generator: the floor servers
 * (`lib/floor-server.mjs`: node:http; Koa; Koa plus one RSA-2048 signature per request; that plus the SDK's XML
 * front door; that plus the SQLite state writes of a token, its MessageID claimed and its record stored) driven
 * exactly as `bench.mjs` drives the STS (same driver, the jwt-saml2 scenario's request with a fresh MessageID
 * each time, 8 in flight, same process model, the workers' heap and malloc settings), each next to the raw
 * signing rate measured just before and just after it. The ratio of `koa-sign` is the most any STS on this stack
 * can reach here; that of `koa-xml-sign-claim-record` the most a WS-Trust STS can reach that parses its requests
 * with the SDK and keeps its state in the shared SQLite file as the demo's partner does; the difference between a
 * floor and an STS scenario is what the STS itself spends per token beyond it.
 *
 *   node bench/floors.mjs [--seconds N]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { TokenType } from '@sts/sdk';
import { buildIssueRequest, jwtSecurityToken } from '@sts/sdk/client';
import { driveLoad } from './lib/drive-load.mjs';
import { FLOOR_MODES } from './lib/floor-modes.mjs';
import { freshMessageIds } from './lib/request-pools.mjs';
import { reusableJwt } from './lib/reusable-jwt.mjs';
import { stsCpu } from './lib/process-cpu.mjs';
import { rsaSigningCeiling } from './lib/rsa-signing-ceiling.mjs';
import { freePort, HOST, ROOT } from './lib/start-sts.mjs';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } }, strict: true });
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
// The jwt-saml2 scenario's request (bench.mjs): a SOAP 1.2 Issue with a demo JWT in a BinarySecurityToken.
const built = buildIssueRequest({ soapVersion: '1.2', trustVersion: '1.3', endpoint: `http://${HOST}/idp/sts.wst`, appliesTo: 'urn:example:sp', tokenType: TokenType.Saml20, credential: { kind: 'token', xml: jwtSecurityToken(await reusableJwt()) } });

const ceiling = await rsaSigningCeiling({ seconds: Math.min(3, seconds) });
console.log(`RSA-2048 signing, all ${ceiling.cores} cores: ${ceiling.perSecond.toFixed(0)}/s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`\n| floor | requests/s | ratio | ceiling /s | p50 ms | p99 ms | server CPU µs/req | client CPU µs/req |\n|---|---:|---:|---:|---:|---:|---:|---:|`);
for (const mode of FLOOR_MODES) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'lib', 'floor-server.mjs'), mode, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((ok, fail) => {
      child.stdout.on('data', (d) => String(d).includes('floor listening') && ok());
      child.once('exit', (code) => fail(new Error(`the ${mode} floor server exited (${code}) before it listened`)));
    });
    const load = { url: `http://${HOST}:${port}/idp/sts.wst`, contentType: built.contentType, nextBody: freshMessageIds(built), accept: (status) => status === 200, concurrency: 8 };
    await driveLoad({ ...load, seconds: Math.min(2, seconds / 5) });
    // As in bench.mjs: the ratio is to the signing rate measured just before and just after, as this VM's speed moves.
    const rateBefore = await rsaSigningCeiling({ seconds: Math.min(1, seconds / 5) });
    const before = stsCpu(child.pid);
    const result = await driveLoad({ ...load, seconds });
    const after = stsCpu(child.pid);
    const rateAfter = await rsaSigningCeiling({ seconds: Math.min(1, seconds / 5) });
    const cpu = (after.micros - before.micros) / Math.max(1, result.ok);
    const ratio = result.perSecond / ((rateBefore.perSecond + rateAfter.perSecond) / 2);
    console.log(`| ${mode} | ${result.perSecond.toFixed(0)} | ${ratio.toFixed(3)} | ${rateBefore.perSecond.toFixed(0)}–${rateAfter.perSecond.toFixed(0)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${cpu.toFixed(0)} | ${result.clientCpuMicrosPerRequest.toFixed(0)} |${result.failed ? ` ${result.failed} failed: ${result.firstFailure}` : ''}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((ok) => (child.exitCode === null && child.signalCode === null ? child.once('exit', ok) : ok()));
  }
}
