#!/usr/bin/env node
/**
 * Summarises what `bench/lib/worker-probe.cjs` recorded in the STS's workers: per worker, the requests' own
 * durations, how evenly they arrived, and the event loop's gaps over 15 ms with the CPU used in them.
 *
 *   node bench/probe-report.mjs DIR [--last SECONDS]
 *
 * `--last` keeps the requests and gaps of the last SECONDS before the worker's last request (the paced minute of
 * a half-load run, say). Measuring only: nothing here asserts a speed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { last: { type: 'string' }, help: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
if (values.help || positionals.length !== 1) {
  console.log('node bench/probe-report.mjs DIR [--last SECONDS]');
  process.exit(values.help ? 0 : 1);
}
const last = values.last === undefined ? Infinity : Number(values.last);
if (!(last > 0)) {
  console.error('--last must be a positive number of seconds');
  process.exit(1);
}

const files = existsSync(positionals[0]) ? readdirSync(positionals[0]).filter((f) => /^probe-\d+\.json$/.test(f)).sort() : [];
if (files.length === 0) {
  console.error(`no probe-PID.json in ${positionals[0]}: was BENCH_PROBE_DIR set for the run?`);
  process.exit(1);
}
for (const file of files) {
  const { pid, requests, gaps } = JSON.parse(readFileSync(join(positionals[0], file), 'utf8'));
  const end = requests.length > 0 ? requests[requests.length - 1][0] : 0;
  const from = end - last * 1000;
  const kept = requests.filter(([at, ms]) => at >= from && Number.isFinite(ms));
  const durations = kept.map(([, ms]) => ms).sort((a, b) => a - b);
  const arrivals = kept.map(([at]) => at).sort((a, b) => a - b);
  let start = 0;
  const inFive = arrivals.map((at, i) => {
    while (at - arrivals[start] > 5) start++;
    return i - start + 1;
  }).sort((a, b) => a - b);
  const stalls = gaps.filter(([at]) => at >= from);
  const stopped = stalls.filter(([, wall, cpu]) => cpu < wall / 2);
  console.log(`worker ${pid}: ${kept.length} requests; duration p50 ${q(durations, 0.5)} ms, p99 ${q(durations, 0.99)} ms, max ${q(durations, 1)} ms; `
    + `arrivals within 5 ms p99 ${q(inFive, 0.99)}, max ${q(inFive, 1)}; `
    + `event-loop gaps over 15 ms: ${stalls.length} (${stopped.length} with less CPU than half their time), longest ${q(stalls.map(([, w]) => w).sort((a, b) => a - b), 1)} ms`);
}

function q(sorted, p) {
  return sorted.length === 0 ? '-' : String(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
}
