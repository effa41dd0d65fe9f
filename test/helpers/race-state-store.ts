/**
 * A child process of the cross-process state tests: opens the store the parent names, says `ready`, waits
 * for `go` on stdin (so that every child starts at once), then claims each key with putIfAbsent and bumps
 * one shared counter, and prints what it got as one JSON line.
 *
 *   node race-state-store.js '{"state":{...},"keys":["k1",...],"increments":20}'
 */
import { createStateStore } from '@sts/core';
import { RecordingLogger } from '@sts/sdk/testing';
import { stateConfig } from './state-config.js';

const { state, keys, increments } = JSON.parse(process.argv[2]!) as { state: Record<string, unknown>; keys: string[]; increments: number };
const store = createStateStore(stateConfig(state), { clock: { now: () => new Date() }, logger: new RecordingLogger() });
await store.ping();
process.stdout.write('ready\n');
await new Promise((go) => process.stdin.once('data', go));
const claimed: boolean[] = [];
for (const key of keys) claimed.push(await store.putIfAbsent('race', key, 60));
for (let i = 0; i < increments; i++) await store.increment('race-count', 'shared', 60);
process.stdout.write(`${JSON.stringify({ claimed })}\n`);
await store.close();
process.stdin.destroy();
