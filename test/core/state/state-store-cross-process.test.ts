/**
 * Several processes racing on one store (the workers of one machine on a SQLite file, or STS nodes on one
 * Redis): for every key exactly one process wins putIfAbsent, and no increment is lost.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createStateStore } from '@sts/core';
import { RecordingLogger } from '@sts/sdk/testing';
import { sqliteFolder, stateConfig } from '../../helpers/state-config.js';
import { testRedisUrl, uniqueKeyPrefix } from '../../helpers/redis-server.js';

const CHILD = fileURLToPath(new URL('../../helpers/race-state-store.js', import.meta.url));
const PROCESSES = 6;
const KEYS = Array.from({ length: 40 }, (_, i) => `key-${i}`);
const INCREMENTS = 25;

interface Child {
  readonly ready: Promise<void>;
  readonly result: Promise<{ claimed: boolean[] }>;
  go(): void;
}

function startChild(state: Record<string, unknown>): Child {
  const child = spawn(process.execPath, [CHILD, JSON.stringify({ state, keys: KEYS, increments: INCREMENTS })], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady: () => void;
  const ready = new Promise<void>((ok) => (onReady = ok));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const result = new Promise<{ claimed: boolean[] }>((ok, fail) =>
    child.on('exit', (code) => (code === 0 ? ok(JSON.parse(out.split('\n')[1]!)) : fail(new Error(`child exited ${code}: ${err}`)))),
  );
  return { ready: Promise.race([ready, result.then(() => undefined)]), result, go: () => child.stdin.write('go\n') };
}

async function race(state: Record<string, unknown>): Promise<void> {
  const children = Array.from({ length: PROCESSES }, () => startChild(state));
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  const results = await Promise.all(children.map((c) => c.result));
  KEYS.forEach((key, i) => {
    const winners = results.filter((r) => r.claimed[i] === true).length;
    expect(winners, `processes that got true for ${key}`).to.equal(1);
  });
  const store = createStateStore(stateConfig(state), { clock: { now: () => new Date() }, logger: new RecordingLogger() });
  try {
    expect(await store.count('race-count', 'shared'), 'increments from all processes').to.equal(PROCESSES * INCREMENTS);
  } finally {
    await store.close();
  }
}

describe('state store: processes racing on one store', function () {
  this.timeout(60_000);

  it(`sqlite: ${PROCESSES} processes opening one new file at once, each claiming ${KEYS.length} keys: exactly one true per key`, async () => {
    const folder = sqliteFolder();
    try {
      await race({ backend: 'sqlite', sqlite: { file: folder.file } });
    } finally {
      folder.remove();
    }
  });

  it(`redis: ${PROCESSES} processes on one Redis, each claiming ${KEYS.length} keys: exactly one true per key`, async () => {
    await race({ backend: 'redis', redis: { url: await testRedisUrl(), keyPrefix: uniqueKeyPrefix() } });
  });
});
