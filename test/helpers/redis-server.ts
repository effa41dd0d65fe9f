/**
 * A real Redis for the tests. `.ci/run` starts one and exports its URL as STS_TEST_REDIS_URL; without it the
 * tests start their own `redis-server` on a free loopback port. Without either, the tests that need Redis
 * fail with a message saying how to get one: they never skip, so a missing Redis cannot pass as green.
 *
 * {@link startRedisServer} gives a test a private server it may stop and start again on the same port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { freePort } from './free-port.js';
import { portListening } from './port-listening.js';

export interface TestRedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGKILL: like a crash, nothing saved). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

function requireRedisServer(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('redis-server is not installed: the Redis state tests need it (apt-get install redis-server, or run .ci/run, which installs and starts it)');
  }
}


/** A private redis-server on a free loopback port, without persistence. */
export async function startRedisServer(): Promise<TestRedisServer> {
  requireRedisServer();
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    if (!(await portListening(port, 10_000))) throw new Error(`redis-server did not listen on port ${port} within 10000 ms`);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((ok) => {
      running.once('exit', () => ok());
      running.kill('SIGKILL');
    });
  };
  await start();
  process.once('exit', () => child?.kill('SIGKILL'));
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}

let shared: Promise<string> | undefined;

/** The Redis URL for tests that only need a running Redis: STS_TEST_REDIS_URL, or one started for this run. */
export function testRedisUrl(): Promise<string> {
  const fromCi = process.env['STS_TEST_REDIS_URL'];
  if (fromCi) return Promise.resolve(fromCi);
  shared ??= startRedisServer().then((server) => server.url);
  return shared;
}

/** A key prefix no other test uses, so tests can share one Redis without seeing each other's keys. */
export function uniqueKeyPrefix(): string {
  return `sts-test:${randomUUID()}:`;
}
