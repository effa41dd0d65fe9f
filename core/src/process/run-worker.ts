/**
 * A worker process: waits for the primary's `start` (the validated config and manifest text), boots the
 * STS, then serves the connections the primary hands it (the primary owns the listeners:
 * connection-dealer.ts) and answers the primary's queries. It drains when told (reload, recycle, SIGTERM) and
 * asks to be recycled when its resident memory passes the limit: RSS counts everything a worker holds (V8's
 * heap, libxml2-wasm's linear memory, SQLite's cache, OpenSSL), so it is the honest measure (DESIGN.md
 * section 5).
 */
import 'reflect-metadata';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { pino } from 'pino';
import { bootSts, type Sts } from '../boot.js';
import { parseKernelConfigText } from '../config/load-kernel-config.js';
import type { KernelConfig } from '../config/kernel-config.js';
import { StartupError } from '../errors.js';
import { applyServerLimits } from '../http/apply-server-limits.js';
import { ConnectionDrainer } from '../http/connection-drainer.js';
import { loadTlsCredentials, tlsServerOptions } from '../http/tls-credentials.js';
import { parseManifest } from '../plugins/manifest.js';
import { HandedConnections } from './handed-connections.js';
import type { FromWorker, ListenerName, ToWorker } from './worker-messages.js';

const RSS_CHECK_MS = 2000;
/** A fresh worker is never recycled: a limit set below a new worker's RSS would otherwise replace workers in a loop. */
const RECYCLE_MIN_AGE_MS = 10_000;

export function runWorker(): void {
  let worker: RunningWorker | undefined;
  // Serves nothing until the worker has booted: a connection before that (the primary deals only to listening
  // workers, so none should come) is refused and reported.
  const handed = new HandedConnections(() => send({ type: 'connection-closed' }));
  process.on('message', (message: ToWorker, handle: unknown) => {
    if (message.type === 'start' && worker === undefined) {
      worker = new RunningWorker(handed);
      void worker.start(message);
    } else if (message.type === 'connection') {
      handed.adopt(message.listener, handle as Socket | undefined);
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
  private draining = false;
  private recycleAsked = false;

  /** @param handed the connections the primary hands this worker (its servers never listen). */
  constructor(private readonly handed: HandedConnections) {}

  async start(message: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    try {
      const config = parseKernelConfigText(message.configText, message.configFile);
      const logger = pino({ level: config.logging.level, base: { service: 'sts', role: 'worker', pid: process.pid } });
      // The primary checkpoints the SQLite state file (run-primary.ts), so no request here waits for one.
      this.sts = await bootSts({ config, logger, manifestFile: message.manifestFile, manifest: parseManifest(message.manifestText, message.manifestFile), sqliteCheckpoints: 'external' });
      this.sts.metrics.collectProcessMetrics();
      this.callback = this.sts.app.callback();
      const serve = (name: ListenerName, server: Server): void => {
        applyServerLimits(server, config.server.limits, logger);
        this.drainers.push(new ConnectionDrainer(server));
        this.handed.serve(name, server);
      };
      serve('http', createHttpServer(this.handler()));
      if (config.server.tls) {
        const credentials = await loadTlsCredentials(config.server.tls, config.keys.devKeysDir);
        // The TLS handshake comes before any request head: bound it like the head (issue 7).
        const options = { ...tlsServerOptions(config.server.tls, credentials), handshakeTimeout: config.server.limits.headersTimeoutMs };
        serve('https', createHttpsServer(options, this.handler()));
      }
      this.watchMemory(config);
      send({
        type: 'listening',
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
    else if (message.type === 'query') void this.answer(message.id, message.what);
  }

  private handler(): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      // While draining, each answer closes its connection, so keep-alive clients move to another worker.
      if (this.draining) res.setHeader('Connection', 'close');
      this.callback!(req, res);
    };
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

  /**
   * Finish what is in flight within the grace period, then exit 0. The primary handed the last connection
   * before it sent `drain` (worker-messages.ts), so there is nothing more to wait for from it.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    this.handed.refuseFromNow();
    const grace = this.sts?.config.server.shutdownGraceMs ?? 0;
    const timer = new Promise<'timeout'>((ok) => setTimeout(() => ok('timeout'), grace).unref());
    const closed = Promise.all(this.drainers.map((drainer) => drainer.drain()));
    if ((await Promise.race([closed, timer])) === 'timeout') this.drainers.forEach((drainer) => drainer.destroyAll());
    await this.sts?.close();
    // Exit once this last message, and so every one before it, is written.
    send({ type: 'exiting' }, () => process.exit(0));
  }
}

function send(message: FromWorker, done?: () => void): void {
  if (process.send === undefined || !process.connected) {
    done?.();
    return;
  }
  process.send(message, undefined, {}, () => done?.());
}
