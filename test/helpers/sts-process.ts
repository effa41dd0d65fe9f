/**
 * Runs the real `sts start` (core/dist/main.js: a primary and its workers) on free loopback ports, from the
 * demo profile plus per-test changes written to a temporary config and manifest. For the process-model tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { REPO_ROOT, TEST_KEYS_DIR, tempDir } from './paths.js';
import { demoConfig, demoInstances } from './start-test-sts.js';

export interface StsProcessOptions {
  readonly workers?: number;
  /** Deep-merged over the demo config's `server`. */
  readonly server?: Record<string, unknown>;
  /** Shallow changes to the demo config. */
  readonly config?: Record<string, unknown>;
  readonly instances?: readonly object[];
  readonly tls?: boolean;
  readonly env?: Record<string, string>;
}

export interface StsProcess {
  readonly child: ChildProcess;
  readonly base: string;
  readonly port: number;
  readonly adminBase: string;
  readonly tlsPort?: number;
  readonly configFile: string;
  readonly manifestFile: string;
  readonly keysDir: string;
  output(): string;
  /** The primary's worker pids (its direct children). */
  workerPids(): number[];
  waitFor(text: string | RegExp, timeoutMs?: number, from?: number): Promise<void>;
  /** SIGHUP to the primary; resolves with what it printed since, once it printed `verdict` (by default: the new generation serves). */
  reload(verdict?: string, timeoutMs?: number): Promise<string>;
  writeManifest(instances: readonly object[] | string): void;
  stop(): Promise<number | null>;
}

/** What the primary prints once a reload's new workers serve. */
export const RELOADED = 'reloaded: new workers serve, the old ones drain';
/** What the primary prints when it refuses a reload. */
export const RELOAD_REFUSED = 'reload refused: the running configuration keeps serving';

export async function startStsProcess(options: StsProcessOptions = {}): Promise<StsProcess> {
  const [port, adminPort, tlsPort] = [await freePort(), await freePort(), await freePort()];
  const dir = tempDir('proc');
  const configFile = join(dir, 'sts.config.json');
  const manifestFile = join(dir, 'plugins.json');
  const raw = { ...demoConfig(), ...options.config };
  raw['server'] = {
    host: '127.0.0.1',
    port,
    workers: options.workers ?? 2,
    pidFile: join(dir, 'sts.pid'),
    shutdownGraceMs: 5000,
    admin: { port: adminPort },
    ...(options.tls ? { tls: { port: tlsPort } } : {}),
    ...options.server,
  };
  raw['keys'] = { signing: [], devKeysDir: TEST_KEYS_DIR };
  // Each STS gets its own SQLite file unless the test names a state backend (a file to share, Redis).
  if (options.config?.['state'] === undefined) raw['state'] = { backend: 'sqlite', sqlite: { file: join(dir, 'state.sqlite') } };
  raw['logging'] = { level: 'info', audit: { file: join(dir, 'audit.log') }, ...(options.config?.['logging'] as object) };
  writeFileSync(configFile, JSON.stringify(raw, null, 2));
  const writeManifest = (instances: readonly object[] | string) =>
    writeFileSync(manifestFile, typeof instances === 'string' ? instances : JSON.stringify({ instances }, null, 2));
  writeManifest(options.instances ?? demoInstances());

  const child = spawn(process.execPath, ['core/dist/main.js', 'start', '--config', configFile, '--plugins', manifestFile], {
    cwd: REPO_ROOT,
    env: { ...process.env, STS_PORT: '', STS_ADMIN_PORT: '', STS_TLS_PORT: '', STS_WORKERS: '', STS_LOG_LEVEL: '', ...options.env },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const waitFor = async (text: string | RegExp, timeoutMs = 30_000, from = 0): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    const seen = () => (typeof text === 'string' ? out.indexOf(text, from) >= 0 : text.test(out.slice(from)));
    while (!seen()) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not see ${String(text)} (exit ${child.exitCode}); output:\n${out.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitFor('STS listening');
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    port,
    adminBase: `http://127.0.0.1:${adminPort}`,
    ...(options.tls ? { tlsPort } : {}),
    configFile,
    manifestFile,
    keysDir: TEST_KEYS_DIR,
    output: () => out,
    workerPids: () => childPids(child.pid!),
    waitFor,
    async reload(verdict = RELOADED, timeoutMs = 30_000) {
      const mark = out.length;
      child.kill('SIGHUP');
      await waitFor(verdict, timeoutMs, mark);
      return out.slice(mark);
    },
    writeManifest,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Direct children of a process, from /proc (every process's stat names its parent). */
function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children.sort((a, b) => a - b);
}

/**
 * A fetch for StsClient over node:http(s) with a fresh connection per request (no keep-alive, so a test sees
 * exactly what a draining or killed worker does to one request), and an optional CA for HTTPS.
 */
export function oneShotFetch(ca?: string): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const body = init.body === undefined || init.body === null ? undefined : Buffer.from(init.body as string);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((ok, fail) => {
      const req = request(url, { method: init.method ?? 'GET', headers, agent: false, ...(ca ? { ca } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => ok(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: res.headers as Record<string, string> })));
        res.on('error', (error) => fail(new Error(`answer cut off after its head (${error.message})`)));
      });
      req.on('error', fail);
      init.signal?.addEventListener('abort', () => req.destroy(new Error('timed out waiting for the answer')));
      req.end(body);
    });
  }) as typeof fetch;
}

/** POSTs raw bytes on a fresh connection (no keep-alive): status and body. */
export function postRaw(url: string, request: { body: string; contentType: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': request.contentType, ...request.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(request.body);
  });
}
