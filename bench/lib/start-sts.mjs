/**
 * Starts the STS as `npm start` does (`node core/dist/main.js start`: the primary and its workers, demo
 * profile) on free loopback ports, for the soak scripts. Resolves once the banner is printed.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'core', 'dist', 'main.js'), 'start'], {
    cwd: ROOT,
    env: { ...process.env, STS_PORT: String(port), STS_ADMIN_PORT: String(adminPort), STS_TLS_PORT: String(tlsPort), STS_LOG_LEVEL: process.env.STS_LOG_LEVEL ?? 'warn', ...env },
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
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
