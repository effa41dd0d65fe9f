/**
 * A measuring probe for the STS's workers (issue 12, the half-load tail), loaded into each STS process with
 *
 *   BENCH_PROBE_DIR=/tmp/probe BENCH_STS_NODE_ARGS="--require ./bench/lib/worker-probe.cjs" node bench/bench.mjs --only half-load
 *   node bench/probe-report.mjs /tmp/probe --last 55
 *
 * In each worker (not the primary) it records, for `bench/probe-report.mjs`:
 * - each request's arrival (Node's `request` event) and its time until `finish` (or `close`): the worker's own
 *   view of the latency, without the load generator;
 * - every gap of more than 15 ms in a 2 ms timer, with the CPU the process used during it: a gap with little CPU
 *   is a worker stopped (a sleep, a lock, the scheduler), one with as much CPU as time is a worker busy.
 * It writes `probe-PID.json` into BENCH_PROBE_DIR every 5 s and at exit. Measuring only: nothing here changes
 * what the STS does, and nothing in the STS loads it.
 */
'use strict';
const cluster = require('node:cluster');
const { writeFileSync } = require('node:fs');
const http = require('node:http');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');

const dir = process.env.BENCH_PROBE_DIR;
if (cluster.isWorker && dir) {
  const MAX_ENTRIES = 1_000_000;
  const GAP_MS = 15;
  const now = () => performance.timeOrigin + performance.now();
  const requests = []; // [arrival ms since the epoch, duration ms]
  const gaps = []; // [start ms since the epoch, wall ms, CPU ms of the process]

  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function probeEmit(event, request, response) {
    if (event === 'request' && requests.length < MAX_ENTRIES) {
      const entry = [now(), NaN];
      requests.push(entry);
      const done = () => {
        if (Number.isNaN(entry[1])) entry[1] = now() - entry[0];
      };
      response.once('finish', done);
      response.once('close', done);
    }
    return emit.apply(this, arguments);
  };

  let lastTick = now();
  let lastCpu = process.cpuUsage();
  setInterval(() => {
    const tick = now();
    const cpu = process.cpuUsage();
    if (tick - lastTick > GAP_MS && gaps.length < MAX_ENTRIES) {
      gaps.push([lastTick, tick - lastTick, (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000]);
    }
    lastTick = tick;
    lastCpu = cpu;
  }, 2).unref();

  const round = (n) => Math.round(n * 10) / 10;
  const write = () => {
    const file = join(dir, `probe-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ pid: process.pid, requests: requests.map((r) => r.map(round)), gaps: gaps.map((g) => g.map(round)) }));
  };
  setInterval(write, 5000).unref();
  process.on('exit', write);
}
