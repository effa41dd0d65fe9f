/**
 * The primary's worker pool (node:cluster). It never parses XML or loads a plug-in: it forks workers, hands
 * each the generation's validated config, deals them the connections its listeners accept
 * (connection-dealer.ts), replaces a worker that dies (with backoff when one keeps dying), recycles one whose
 * memory passed its limit, starts a new generation on reload before draining the old one, and drains
 * everything on shutdown.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, Counter, Registry } from 'prom-client';
import type { Logger } from '@sts/sdk';
import { StartupError, StartupErrorCode, type StartupErrorCodeValue } from '../errors.js';
import { ConnectionDealer } from './connection-dealer.js';
import type { Generation } from './generation.js';
import { RestartBackoff } from './restart-backoff.js';
import { workerMallocEnv } from './worker-malloc-env.js';
import { isFromWorker, type FromWorker, type Readiness, type ToWorker, type WorkerListening } from './worker-messages.js';

const BOOT_TIMEOUT_MS = 60_000;
const QUERY_TIMEOUT_MS = 3000;

interface Member {
  readonly worker: Worker;
  readonly generation: Generation;
  readonly slot: number;
  state: 'starting' | 'listening' | 'draining';
  startedAt: number;
  listening?: WorkerListening;
}

export class Supervisor {
  private readonly members = new Map<number, Member>();
  private readonly backoff = new RestartBackoff();
  private readonly pending = new Map<number, (value: unknown) => void>();
  private nextQueryId = 1;
  private stopping = false;
  readonly registry = new Registry();
  private readonly restarts = new Counter({ name: 'sts_worker_restarts_total', help: 'Workers replaced after an unexpected exit, or recycled for memory', labelNames: ['reason'] as const, registers: [this.registry] });
  /** The listeners; a worker of the current generation takes connections once it is listening, until it drains. */
  readonly dealer: ConnectionDealer;

  constructor(
    private current: Generation,
    private readonly logger: Logger,
  ) {
    this.dealer = new ConnectionDealer(logger, this.registry);
    cluster.on('exit', (worker, code, signal) => this.onExit(worker, code, signal));
  }

  get generation(): Generation {
    return this.current;
  }

  /** Starts every worker of a generation; resolves when all listen, rejects (and stops them) if one fails. */
  async startGeneration(generation: Generation): Promise<WorkerListening[]> {
    const started = Array.from({ length: generation.workers }, (_, slot) => this.fork(generation, slot));
    const results = await Promise.allSettled(started.map((s) => s.listening));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const { member } of started) this.stop(member, 'its generation failed to start');
      throw failed.reason;
    }
    return results.map((r) => (r as PromiseFulfilledResult<WorkerListening>).value);
  }

  /** Makes `generation` current: its workers take the connections, and every worker of older generations drains. */
  retireOlderThan(generation: Generation): void {
    this.current = generation;
    for (const member of this.members.values()) {
      if (member.generation.id !== generation.id) this.drain(member, 'reload');
      else if (member.state === 'listening') this.deal(member);
    }
  }

  /** Stops the workers of a generation that will not serve (a reload refused after its workers started). */
  stopGeneration(generation: Generation, reason: string): void {
    for (const member of this.members.values()) if (member.generation.id === generation.id) this.stop(member, reason);
  }

  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    this.dealer.close();
    const exited = [...this.members.values()].map((m) => new Promise<void>((ok) => {
      if (m.worker.isDead()) ok();
      else m.worker.once('exit', () => ok());
    }));
    for (const member of this.members.values()) this.drain(member, 'shutdown');
    const deadline = setTimeout(() => {
      for (const member of this.members.values()) member.worker.process.kill('SIGKILL');
    }, graceMs + 5000);
    await Promise.all(exited);
    clearTimeout(deadline);
  }

  /** Readiness over the current generation: at least one worker listening, and every listening one ready. */
  async readiness(): Promise<Readiness> {
    const listening = this.listeningMembers();
    if (listening.length === 0) return { ready: false, checks: { workers: false }, reason: 'no worker is listening' };
    const answers = (await Promise.all(listening.map((m) => this.query(m, 'readiness')))) as (Readiness | undefined)[];
    const notReady = answers.find((a) => a?.ready !== true);
    const checks: Record<string, boolean> = { workers: true };
    for (const answer of answers) for (const [name, ok] of Object.entries(answer?.checks ?? {})) checks[name] = (checks[name] ?? true) && ok;
    if (notReady === undefined) return { ready: true, checks };
    return { ready: false, checks, reason: notReady?.reason ?? 'a worker did not answer' };
  }

  /** Every listening worker's metrics plus the primary's own, summed by prom-client's aggregator. */
  async metrics(): Promise<{ text: string; contentType: string }> {
    const perWorker = (await Promise.all(this.listeningMembers().map((m) => this.query(m, 'metrics')))).filter(Array.isArray) as object[][];
    const aggregated = AggregatorRegistry.aggregate([...perWorker, await this.registry.getMetricsAsJSON()]);
    return { text: await aggregated.metrics(), contentType: aggregated.contentType };
  }

  pids(): number[] {
    return [...this.members.values()].filter((m) => m.state !== 'draining').map((m) => m.worker.process.pid!).filter(Boolean);
  }

  private listeningMembers(): Member[] {
    return [...this.members.values()].filter((m) => m.state === 'listening' && m.generation.id === this.current.id);
  }

  private fork(generation: Generation, slot: number): { member: Member; listening: Promise<WorkerListening> } {
    const worker = cluster.fork({ ...workerMallocEnv(process.env), STS_WORKER_SLOT: String(slot), STS_GENERATION: String(generation.id) });
    const member: Member = { worker, generation, slot, state: 'starting', startedAt: Date.now() };
    this.members.set(worker.id, member);
    const listening = new Promise<WorkerListening>((ok, fail) => {
      const timer = setTimeout(() => {
        fail(new StartupError(StartupErrorCode.WORKER_BOOT_FAILED, `worker ${worker.process.pid} was not listening after ${BOOT_TIMEOUT_MS / 1000} s`));
        worker.process.kill('SIGKILL');
      }, BOOT_TIMEOUT_MS);
      worker.on('message', (message: unknown) => {
        if (!isFromWorker(message)) return;
        if (message.type === 'awaiting-start') this.send(worker, startMessage(generation));
        else if (message.type === 'listening') {
          clearTimeout(timer);
          member.state = 'listening';
          member.listening = message;
          if (generation.id === this.current.id && !this.stopping) this.deal(member);
          ok(message);
        } else if (message.type === 'boot-failed') {
          clearTimeout(timer);
          fail(bootError(message.message));
        } else this.onMessage(member, message);
      });
      worker.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new StartupError(StartupErrorCode.WORKER_BOOT_FAILED, `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}) before it was listening`));
      });
    });
    return { member, listening };
  }

  private onMessage(member: Member, message: FromWorker): void {
    if (message.type === 'answer') {
      this.pending.get(message.id)?.(message.value);
      this.pending.delete(message.id);
    } else if (message.type === 'connection-closed') {
      this.dealer.closed(member.worker.id);
    } else if (message.type === 'recycle' && member.state === 'listening' && !this.stopping) {
      this.logger.warn({ pid: member.worker.process.pid, rssMb: message.rssMb, limitMb: member.generation.config.server.maxWorkerRssMb }, 'worker passed its memory limit: replacing it');
      this.restarts.inc({ reason: 'memory' });
      this.replace(member, 'memory limit');
    }
  }

  /** Starts a replacement in the same slot, then drains the old worker once the new one listens. */
  private replace(member: Member, reason: string): void {
    const { listening } = this.fork(member.generation, member.slot);
    listening.then(
      () => this.drain(member, reason),
      (error: Error) => this.logger.error({ slot: member.slot, err: error.message }, 'replacement worker failed to start; the old one keeps serving'),
    );
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    const member = this.members.get(worker.id);
    this.members.delete(worker.id);
    this.dealer.remove(worker.id);
    if (member === undefined || member.state !== 'listening' || this.stopping) return;
    if (member.generation.id !== this.current.id) return;
    this.restarts.inc({ reason: 'exit' });
    this.logger.error({ pid: worker.process.pid, slot: member.slot, code, signal }, `worker exited unexpectedly (${signal ?? `exit code ${code}`}): replacing it`);
    this.respawn(member.generation, member.slot, Date.now() - member.startedAt);
  }

  /** Forks a replacement after the slot's backoff; a replacement that fails to boot backs off further. */
  private respawn(generation: Generation, slot: number, livedMs: number): void {
    const delay = this.backoff.next(slot, livedMs);
    if (delay > 1000) this.logger.warn({ slot, restartInMs: delay }, 'worker keeps dying: restarting with backoff');
    setTimeout(() => {
      if (this.stopping || generation.id !== this.current.id) return;
      const { member, listening } = this.fork(generation, slot);
      listening.catch((error: Error) => {
        this.logger.error({ slot, err: error.message }, 'replacement worker failed to start');
        this.respawn(generation, slot, Date.now() - member.startedAt);
      });
    }, delay);
  }

  /** Hands `member` connections from now on. */
  private deal(member: Member): void {
    const { worker } = member;
    this.dealer.add(worker.id, member.slot, {
      send: (message, socket, done) => {
        if (!worker.isConnected()) done(new Error(`worker ${worker.process.pid} is not connected`));
        else worker.send(message, socket, (error: Error | null) => done(error));
      },
    });
  }

  private drain(member: Member, reason: string): void {
    if (member.state === 'draining') return;
    member.state = 'draining';
    // No connection is handed to it after this, and IPC is ordered: every one already sent arrives before `drain`.
    this.dealer.remove(member.worker.id);
    this.send(member.worker, { type: 'drain', reason });
  }

  private stop(member: Member, reason: string): void {
    this.logger.warn({ pid: member.worker.process.pid, reason }, 'stopping worker');
    member.state = 'draining';
    this.dealer.remove(member.worker.id);
    member.worker.process.kill('SIGKILL');
  }

  private query(member: Member, what: 'readiness' | 'metrics'): Promise<unknown> {
    const id = this.nextQueryId++;
    return new Promise((ok) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        ok(undefined);
      }, QUERY_TIMEOUT_MS);
      this.pending.set(id, (value) => {
        clearTimeout(timer);
        ok(value);
      });
      this.send(member.worker, { type: 'query', id, what });
    });
  }

  private send(worker: Worker, message: ToWorker): void {
    if (worker.isConnected()) worker.send(message);
  }
}

function startMessage(generation: Generation): ToWorker {
  const { configFile, configText, manifestFile, manifestText } = generation;
  return { type: 'start', configFile, configText, manifestFile, manifestText };
}

function bootError(text: string): StartupError {
  try {
    const { code, detail } = JSON.parse(text) as { code?: StartupErrorCodeValue; detail: string };
    return new StartupError(code ?? StartupErrorCode.WORKER_BOOT_FAILED, detail);
  } catch {
    return new StartupError(StartupErrorCode.WORKER_BOOT_FAILED, text);
  }
}
