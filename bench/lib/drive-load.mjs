/**
 * The load generator: POSTs request bodies to one URL over keep-alive connections (HttpConnection), either closed
 * loop (`concurrency` requests always in flight: the most the server gives) or paced (`rate` per second, open
 * loop, at most `concurrency` in flight), for `seconds`. It does as little as it can per request (the bodies
 * are built beforehand; the answer is checked with one substring test) because it shares the machine's cores
 * with the STS: its own CPU per request is measured and reported so the reader can tell.
 */
import { HttpConnection } from './http-connection.mjs';

/**
 * @param {{ url: string, contentType: string, headers?: Record<string, string>, nextBody: () => string | undefined, accept: (status: number, body: Buffer) => boolean,
 *           seconds: number, concurrency: number, rate?: number }} options
 * `nextBody` returns undefined when a pre-built pool is used up; the run then ends early.
 */
export async function driveLoad({ url, contentType, headers = {}, nextBody, accept, seconds, concurrency, rate }) {
  const target = new URL(url);
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const head = `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: ${contentType}\r\n${extra}`;
  const idle = Array.from({ length: concurrency }, () => new HttpConnection(target.hostname, Number(target.port), head));
  const all = [...idle];
  const latencies = new Float64Array(1 << 20);
  let count = 0;
  let ok = 0;
  let failed = 0;
  let firstFailure;
  let exhausted = false;

  /** Posts one body; counts a refusal or a broken connection as a failure. Resolves to whether it answered at all. */
  const post = async (connection, body) => {
    try {
      const { status, body: text } = await connection.post(body);
      if (accept(status, text)) ok++;
      else {
        failed++;
        firstFailure ??= `HTTP ${status}: ${text.subarray(0, 300).toString('utf8')}`;
      }
      return true;
    } catch (error) {
      failed++;
      firstFailure ??= error.message;
      return false;
    }
  };

  const send = async (body) => {
    // First in, first out: every connection is used in turn. A stack left the bottom connections idle at a
    // paced rate until the STS's keep-alive timeout (5 s) closed them, and a burst that reached one raced that
    // close (ECONNRESET, counted as a failure; seen once in a half-load run once answers got faster).
    const connection = idle.shift();
    const sentAt = performance.now();
    const answered = await post(connection, body);
    if (answered) {
      if (count < latencies.length) latencies[count] = performance.now() - sentAt;
      count++;
    }
    idle.push(connection);
  };

  const take = () => {
    const body = nextBody();
    if (body === undefined) exhausted = true;
    return body;
  };

  // Each connection is opened and answered before the next one opens. node:cluster's round robin, which the
  // floors' servers use (floors.mjs), hands a connection to whichever worker took its previous one fastest, so
  // eight opened at the same moment landed 7 to 1 on two workers: one core idled and the "maximum" measured
  // one worker. One at a time, each acknowledged, they alternate. The STS deals connections by least
  // connections since session 10 (core/src/process/connection-dealer.ts), where the order does not matter.
  for (const connection of idle) {
    const body = take();
    if (body === undefined) break;
    await post(connection, body);
  }
  // The warm-up answers are not part of the measured run (a refused one still counts as a failure).
  ok = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;

  if (rate === undefined) {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && !exhausted) {
        const body = take();
        if (body === undefined) break;
        await send(body);
      }
    }));
  } else {
    // Open loop: a slow answer does not slow the sender, so queueing shows in the latency.
    const inFlight = new Set();
    const interval = 1000 / rate;
    let next = performance.now();
    while (performance.now() < deadline && !exhausted) {
      if (inFlight.size < concurrency) {
        const body = take();
        if (body === undefined) break;
        const p = send(body).finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      next += interval;
      const wait = next - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      else await new Promise((r) => setImmediate(r));
    }
    await Promise.all(inFlight);
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  for (const connection of all) connection.close();
  const sorted = latencies.slice(0, Math.min(count, latencies.length)).sort();
  const quantile = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return {
    ok, failed, firstFailure, exhausted, elapsed,
    perSecond: ok / elapsed,
    p50: quantile(0.5),
    p99: quantile(0.99),
    clientCpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, count + failed),
  };
}
