/**
 * Starts the STS as `npm start` does (`node core/dist/main.js start`: the primary and its workers, demo
 * profile) on free loopback ports, for the soak scripts. Resolves once the banner is printed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST = '127.0.0.1';

export async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, HOST, ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** @returns {Promise<{ child: import('node:child_process').ChildProcess, base: string, adminBase: string, stop(): Promise<void> }>} */
export async function startSts({ env = {}, onStdout } = {}) {
  const [port, adminPort, tlsPort] = [await freePort(), await freePort(), await freePort()];
  // BENCH_STS_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") reaches the primary and, through its
  // execArgv, every worker: how the profiles in bench/README.md were taken.
  const nodeArgs = (process.env.BENCH_STS_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const dir = mkdtempSync(join(tmpdir(), 'sts-bench-'));
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'core', 'dist', 'main.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, STS_CONFIG: demoConfigWithFreshState(dir), STS_PORT: String(port), STS_ADMIN_PORT: String(adminPort), STS_TLS_PORT: String(tlsPort), STS_LOG_LEVEL: process.env.STS_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  await new Promise((ok, fail) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      if (out.includes('STS listening')) {
        child.stdout.off('data', onData);
        if (onStdout) child.stdout.on('data', onStdout);
        else child.stdout.resume();
        ok();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => fail(new Error(`the STS exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    child,
    base: `http://${HOST}:${port}`,
    adminBase: `http://${HOST}:${adminPort}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo config with its SQLite state in a fresh file under `dir`: the demo's `.sts-data/state.sqlite` keeps
 * every earlier run's rows (hundreds of thousands after a day of runs), and their size and expiry purges made
 * runs minutes apart incomparable. Relative paths in the config resolve against the working directory (ROOT).
 */
function demoConfigWithFreshState(dir) {
  const config = JSON.parse(readFileSync(join(ROOT, 'demo', 'sts.config.json'), 'utf8'));
  config.state = { ...config.state, backend: 'sqlite', sqlite: { ...config.state?.sqlite, file: join(dir, 'state.sqlite') } };
  // BENCH_STS_SERVER='{"maxWorkerRssMb":256}' changes `server` settings for an experiment.
  if (process.env.BENCH_STS_SERVER) config.server = { ...config.server, ...JSON.parse(process.env.BENCH_STS_SERVER) };
  // BENCH_STS_STATE='{"backend":"redis","redis":{"url":"redis://127.0.0.1:6390"}}' puts the state elsewhere.
  if (process.env.BENCH_STS_STATE) config.state = { ...config.state, ...JSON.parse(process.env.BENCH_STS_STATE) };
  const file = join(dir, 'sts.config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}
