/**
 * A worker process: waits for the primary's `start` (the validated config and manifest text), boots the
 * STS, listens on the shared HTTP (and HTTPS) ports and answers the primary's queries. It drains when told
 * (reload, recycle, SIGTERM) and asks to be recycled when its resident memory passes the limit: RSS counts
 * everything a worker holds (V8's heap, libxml2-wasm's linear memory, SQLite's cache, OpenSSL), so it is the
 * honest measure (DESIGN.md section 5).
 */
import 'reflect-metadata';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { pino } from 'pino';
import { bootSts, type Sts } from '../boot.js';
import { parseKernelConfigText } from '../config/load-kernel-config.js';
import type { KernelConfig } from '../config/kernel-config.js';
import { StartupError } from '../errors.js';
import { applyServerLimits } from '../http/apply-server-limits.js';
import { ConnectionDrainer } from '../http/connection-drainer.js';
import { listen } from '../http/listen.js';
import { loadTlsCredentials, tlsServerOptions } from '../http/tls-credentials.js';
import { parseManifest } from '../plugins/manifest.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

const RSS_CHECK_MS = 2000;
/** A fresh worker is never recycled: a limit set below a new worker's RSS would otherwise replace workers in a loop. */
const RECYCLE_MIN_AGE_MS = 10_000;
/** How long a draining worker waits for the primary to confirm it hands over no more connections. */
const HAND_OFF_CONFIRM_MS = 2000;

export function runWorker(): void {
  let worker: RunningWorker | undefined;
  process.on('message', (message: ToWorker) => {
    if (message.type === 'start' && worker === undefined) {
      worker = new RunningWorker();
      void worker.start(message);
    } else if (worker !== undefined) {
      worker.handle(message);
    }
  });
  // The primary owns the signals: SIGINT from a terminal reaches the whole process group, and the primary
  // answers it by draining every worker; a worker that exited at once would drop its in-flight requests.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => process.exit(0));
  send({ type: 'awaiting-start' });
}

class RunningWorker {
  private sts: Sts | undefined;
  private callback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  private readonly drainers: ConnectionDrainer[] = [];
  private handOffConfirmed: (() => void) | undefined;
  private draining = false;
  private recycleAsked = false;

  async start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    try {
      const config = parseKernelConfigText(message.configText, message.configFile);
      const logger = pino({ level: config.logging.level, base: { service: 'sts', role: 'worker', pid: process.pid } });
      // The primary checkpoints the SQLite state file (run-primary.ts), so no request here waits for one.
      this.sts = await bootSts({ config, logger, manifestFile: message.manifestFile, manifest: parseManifest(message.manifestText, message.manifestFile), sqliteCheckpoints: 'external' });
      this.sts.metrics.collectProcessMetrics();
      this.callback = this.sts.app.callback();
      const limited = <T extends Server>(server: T): T => {
        applyServerLimits(server, config.server.limits, logger);
        return server;
      };
      const httpPort = await this.listen(limited(createHttpServer(this.handler())), config.server.port, config.server.host, 'HTTP listener');
      let httpsPort: number | undefined;
      if (config.server.tls) {
        const credentials = await loadTlsCredentials(config.server.tls, config.keys.devKeysDir);
        // The TLS handshake comes before any request head: bound it like the head (issue 7).
        const options = { ...tlsServerOptions(config.server.tls, credentials), handshakeTimeout: config.server.limits.headersTimeoutMs };
        const server = limited(createHttpsServer(options, this.handler()));
        httpsPort = await this.listen(server, config.server.tls.port, config.server.tls.host ?? config.server.host, 'HTTPS listener');
      }
      this.watchMemory(config);
      send({
        type: 'listening',
        httpPort,
        ...(httpsPort === undefined ? {} : { httpsPort }),
        plugins: this.sts.registry.summary(),
        stateBackend: this.sts.stateStore.description,
      });
    } catch (error) {
      const code = error instanceof StartupError ? error.code : undefined;
      const detail = error instanceof StartupError ? error.message.slice(`${error.code}: `.length) : String((error as Error)?.stack ?? error);
      send({ type: 'boot-failed', message: JSON.stringify({ code, detail }) }, () => process.exit(1));
    }
  }

  handle(message: ToWorker): void {
    if (message.type === 'drain') void this.drain();
    else if (message.type === 'no-more-connections') this.handOffConfirmed?.();
    else if (message.type === 'query') void this.answer(message.id, message.what);
  }

  private handler(): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      // While draining, each answer closes its connection, so keep-alive clients move to another worker.
      if (this.draining) res.setHeader('Connection', 'close');
      this.callback!(req, res);
    };
  }

  private async listen(server: Server, port: number, host: string, what: string): Promise<number> {
    this.drainers.push(new ConnectionDrainer(server));
    return listen(server, port, host, what);
  }

  private watchMemory(config: KernelConfig): void {
    const limit = config.server.maxWorkerRssMb * 1024 * 1024;
    const started = Date.now();
    setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > limit && !this.recycleAsked && !this.draining && Date.now() - started >= RECYCLE_MIN_AGE_MS) {
        this.recycleAsked = true;
        send({ type: 'recycle', rssMb: Math.round(rss / 1048576) });
      }
    }, RSS_CHECK_MS).unref();
  }

  private async answer(id: number, what: 'readiness' | 'metrics'): Promise<void> {
    const sts = this.sts;
    let value: unknown;
    if (sts === undefined) value = what === 'readiness' ? { ready: false, checks: {}, reason: 'booting' } : [];
    else value = what === 'readiness' ? await sts.readiness() : await sts.metrics.registry.getMetricsAsJSON();
    send({ type: 'answer', id, value });
  }

  /** Stop taking connections, finish what is in flight within the grace period, then exit 0. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const grace = this.sts?.config.server.shutdownGraceMs ?? 0;
    const timer = new Promise<'timeout'>((ok) => setTimeout(() => ok('timeout'), grace).unref());
    const closed = Promise.all(this.drainers.map((drainer) => drainer.drain()));
    await this.primaryHandsOffNoMore();
    if ((await Promise.race([closed, timer])) === 'timeout') this.drainers.forEach((drainer) => drainer.destroyAll());
    await this.sts?.close();
    // The last message's write callback runs once every earlier write is done, among them the cluster's
    // "not accepted" answers to late hand-offs; exiting before that would lose them.
    send({ type: 'exiting' }, () => process.exit(0));
  }

  /**
   * node:cluster's round-robin: the primary accepts each connection and hands it to a worker; a hand-off it sent
   * before it saw our listeners close reaches us after, and cluster answers it "not accepted" so the primary
   * gives it to another worker. If we exited first, the primary would hold that connection unanswered forever
   * (it is told nothing of a hand-off to a process that is gone). IPC is ordered both ways, so once the primary
   * answers a message sent after our listeners closed, every hand-off it meant for us has arrived.
   */
  private primaryHandsOffNoMore(): Promise<void> {
    return new Promise<void>((ok) => {
      const timer = setTimeout(ok, HAND_OFF_CONFIRM_MS);
      this.handOffConfirmed = () => {
        clearTimeout(timer);
        ok();
      };
      send({ type: 'stopped-listening' });
    });
  }
}

function send(message: FromWorker, done?: () => void): void {
  if (process.send === undefined || !process.connected) {
    done?.();
    return;
  }
  process.send(message, undefined, {}, () => done?.());
}
