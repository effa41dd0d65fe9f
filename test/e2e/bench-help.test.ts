import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/paths.js';

// The bench itself is a measurement and never runs in the suite (speed is not asserted); this only proves that
// the script loads its modules and states its options, so a broken import is caught before someone runs it.
describe('npm run bench', () => {
  it('bench/bench.mjs --help prints its options and scenarios without starting anything', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bench', 'bench.mjs'), '--help'], { cwd: REPO_ROOT, timeout: 15_000 });
    expect(stdout).to.include('--seconds');
    expect(stdout).to.include('--only');
    expect(stdout).to.match(/Scenarios: jwt-saml2, username-saml2, x509-saml2, jwt-jwt, validate-saml2, oauth-jwt, half-load/);
  });

  it('refuses an unknown scenario name', async () => {
    const error = await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bench', 'bench.mjs'), '--only', 'nope'], { cwd: REPO_ROOT, timeout: 15_000 }).then(
      () => expect.fail('it ran'),
      (e: { code: number; stderr: string }) => e,
    );
    expect(error.code).to.equal(1);
    expect(error.stderr).to.include('--only: one of');
  });
});

describe('bench/probe-report.mjs', () => {
  const run = (args: string[]) => promisify(execFile)(process.execPath, [join(REPO_ROOT, 'bench', 'probe-report.mjs'), ...args], { cwd: REPO_ROOT, timeout: 15_000 });

  it('summarises what the worker probe recorded: durations, arrivals, and stopped versus busy gaps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probe-report-'));
    try {
      const start = 1_800_000_000_000;
      // 100 requests 10 ms apart taking 1..100 ms; two 5-ms bursts of three; one stopped gap, one busy gap.
      const requests = Array.from({ length: 100 }, (_, i) => [start + i * 10, i + 1]);
      requests.push([start + 2000, 7], [start + 2001, 7], [start + 2002, 7]);
      const gaps = [[start + 500, 30, 2], [start + 900, 20, 25], [start - 60_000, 99, 1]];
      writeFileSync(join(dir, 'probe-4242.json'), JSON.stringify({ pid: 4242, requests, gaps }));
      const { stdout } = await run([dir, '--last', '10']);
      expect(stdout).to.include('worker 4242: 103 requests');
      expect(stdout).to.include('max 100 ms');
      expect(stdout).to.include('arrivals within 5 ms p99 2, max 3');
      expect(stdout, 'the gap before the window is left out').to.include('event-loop gaps over 15 ms: 2 (1 with less CPU than half their time), longest 30 ms');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says so, in one line, when the folder holds no probe files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probe-report-'));
    try {
      const error = await run([dir]).then(() => expect.fail('it ran'), (e: { code: number; stderr: string }) => e);
      expect(error.code).to.equal(1);
      expect(error.stderr.trim()).to.match(/^no probe-PID\.json in .*BENCH_PROBE_DIR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
