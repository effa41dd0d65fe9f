/**
 * What a signed token costs at least on this machine, with this load generator: the floor servers
 * (`lib/floor-server.mjs`: node:http, Koa, Koa plus one RSA-2048 signature per request) driven exactly as
 * `bench.mjs` drives the STS (same driver, same request size, 8 in flight, same process model), next to the raw
 * signing rate measured in the same run. The ratio of `koa-sign` is the most any STS on this stack can reach
 * here; the difference between it and an STS scenario is what the STS itself spends per token.
 *
 *   node bench/floors.mjs [--seconds N]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { driveLoad } from './lib/drive-load.mjs';
import { stsCpu } from './lib/process-cpu.mjs';
import { rsaSigningCeiling } from './lib/rsa-signing-ceiling.mjs';
import { freePort, HOST, ROOT } from './lib/start-sts.mjs';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } }, strict: true });
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
// About the size of the jwt-saml2 request (a SOAP 1.2 envelope with a JWT in a BinarySecurityToken).
const BODY = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${'<x>RequestSecurityToken</x>'.repeat(90)}</s:Body></s:Envelope>`;

const ceiling = await rsaSigningCeiling({ seconds: Math.min(3, seconds) });
console.log(`RSA-2048 signing, all ${ceiling.cores} cores: ${ceiling.perSecond.toFixed(0)}/s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`\n| floor | requests/s | ratio | p50 ms | p99 ms | server CPU µs/req | client CPU µs/req |\n|---|---:|---:|---:|---:|---:|---:|`);
for (const mode of ['http', 'koa', 'koa-sign']) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'lib', 'floor-server.mjs'), mode, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok) => child.stdout.on('data', (d) => String(d).includes('floor listening') && ok()));
  const load = { url: `http://${HOST}:${port}/idp/sts.wst`, contentType: 'application/soap+xml; charset=utf-8', nextBody: () => BODY, accept: (status) => status === 200, concurrency: 8 };
  await driveLoad({ ...load, seconds: Math.min(2, seconds / 5) });
  const before = stsCpu(child.pid);
  const result = await driveLoad({ ...load, seconds });
  const after = stsCpu(child.pid);
  child.kill('SIGTERM');
  const cpu = (after.micros - before.micros) / Math.max(1, result.ok);
  console.log(`| ${mode} | ${result.perSecond.toFixed(0)} | ${(result.perSecond / ceiling.perSecond).toFixed(3)} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} | ${cpu.toFixed(0)} | ${result.clientCpuMicrosPerRequest.toFixed(0)} |${result.failed ? ` ${result.failed} failed: ${result.firstFailure}` : ''}`);
}
