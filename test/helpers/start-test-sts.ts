/**
 * Boots the STS in-process on a loopback port with a manual clock and a recording logger, from the demo
 * profile plus per-test changes. Every test gets a fresh kernel, container and (unless it configures `state`)
 * a fresh in-memory state store.
 */
import { createServer, type Server } from 'node:http';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { applyServerLimits, bootSts, parseKernelConfig, IDP_STS_PATH, type ExchangeObserver, type Sts } from '@sts/core';
import type { StateStore } from '@sts/sdk';
import { ManualClock, RecordingLogger } from '@sts/sdk/testing';
import { DEMO_USERS, REPO_ROOT, TEST_KEYS_DIR, tempDir } from './paths.js';

export interface TestSts {
  readonly base: string;
  readonly endpoint: string;
  readonly clock: ManualClock;
  readonly logger: RecordingLogger;
  readonly sts: Sts;
  /** How many tokens the STS issued (from its audit log). */
  issuedCount(): number;
  /** Raw POST for negative tests. */
  post(body: string | Buffer, contentType: string, headers?: Record<string, string>, path?: string): Promise<{ status: number; body: string; contentType: string }>;
  close(): Promise<void>;
}

export interface TestStsOptions {
  /** Replaces the demo manifest's instances. */
  readonly instances?: readonly object[];
  /** Shallow changes to the demo config. */
  readonly config?: Record<string, unknown>;
  readonly now?: Date;
  /** The state store the STS (and its plug-ins) use; default a fresh in-memory one. */
  readonly stateStore?: StateStore;
  /** Told the outcome of every exchange (the metrics hook). */
  readonly exchangeObservers?: readonly ExchangeObserver[];
  /** `server.limits` of the kernel config (applied to the test listener). */
  readonly serverLimits?: Record<string, number>;
  /** More origins the STS answers to (wsa:To), e.g. one that two instances share. */
  readonly publicOrigins?: readonly string[];
  /** `server.publicBaseUrl`: where metadata says the endpoints are (e.g. an https origin in front of the test listener). */
  readonly publicBaseUrl?: string;
  /** The config the per-test changes apply to; default the demo profile (demo/sts.config.json). */
  readonly baseConfig?: Record<string, unknown>;
}

export function demoConfig(): Record<string, any> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'demo', 'sts.config.json'), 'utf8'));
}

export function demoInstances(): Record<string, any>[] {
  return manifestInstances(JSON.parse(readFileSync(join(REPO_ROOT, 'plugins.json'), 'utf8')), REPO_ROOT);
}

/**
 * The instances of a manifest that lives in `manifestDir`, ready to be written into a test's temp manifest:
 * a package given as a ./ or ../ path is made absolute against `manifestDir`, since the loader resolves it
 * against the folder of the manifest it reads (the temp one), and the demo users file is named absolutely.
 */
export function manifestInstances(manifest: { instances: Record<string, any>[] }, manifestDir: string): Record<string, any>[] {
  return manifest.instances.map((i) => {
    const located = /^\.\.?\//.test(i['package']) ? { ...i, package: resolve(manifestDir, i['package']) } : i;
    return located['package'].endsWith('username-token-processor') ? { ...located, config: { ...located['config'], usersFile: DEMO_USERS } } : located;
  });
}

export async function startTestSts(options: TestStsOptions = {}): Promise<TestSts> {
  let handler: ((req: any, res: any) => void) | undefined;
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const dir = tempDir('sts');
  const manifestFile = join(dir, 'plugins.json');
  writeFileSync(manifestFile, JSON.stringify({ instances: options.instances ?? demoInstances() }));
  const raw = { ...(options.baseConfig ?? demoConfig()), ...options.config };
  raw['server'] = { host: '127.0.0.1', port, publicOrigins: [base, ...(options.publicOrigins ?? [])], ...(options.serverLimits && { limits: options.serverLimits }), ...(options.publicBaseUrl && { publicBaseUrl: options.publicBaseUrl }) };
  raw['keys'] = { signing: [], devKeysDir: TEST_KEYS_DIR };
  raw['logging'] = { level: 'silent', audit: { enabled: false } };
  // A fresh in-memory store per test unless the test names one (a shared SQLite file or Redis).
  if (options.config?.['state'] === undefined) raw['state'] = { backend: 'memory' };
  const clock = new ManualClock(options.now ?? new Date());
  const logger = new RecordingLogger();
  let sts: Sts;
  try {
    sts = await bootSts({ config: parseKernelConfig(raw, join(dir, 'sts.config.json')), manifestFile, clock, logger, ...(options.stateStore ? { stateStore: options.stateStore } : {}), ...(options.exchangeObservers ? { exchangeObservers: options.exchangeObservers } : {}) });
  } catch (error) {
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  applyServerLimits(server, sts.config.server.limits, logger);
  const callback = sts.app.callback();
  handler = callback;
  return {
    base,
    endpoint: `${base}${IDP_STS_PATH}`,
    clock,
    logger,
    sts,
    issuedCount: () => logger.records.filter((r) => (r.fields as { event?: string }).event === 'token.issued').length,
    async post(body, contentType, headers = {}, path = IDP_STS_PATH) {
      const res = await fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } });
      return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
    },
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await sts.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
