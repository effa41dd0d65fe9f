/**
 * The primary's share of the SQLite state backend: it checkpoints the file the workers write
 * (state/sqlite-checkpointer.ts) in a thread of its own (checkpoint-thread.ts), following the state config of
 * the current generation across reloads, and counts the runs in the primary's own metrics.
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import { CHECKPOINT_INTERVAL_MS } from '../state/sqlite-checkpointer.js';
import type { CheckpointThreadData, CheckpointThreadMessage } from './checkpoint-thread-messages.js';

export class StateCheckpoints {
  private thread: { readonly file: string; readonly worker: Worker } | undefined;
  private readonly runs: Counter<'outcome'>;
  private readonly walPages: Gauge;
  private readonly duration: Histogram;

  constructor(
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.runs = new Counter({ name: 'sts_state_checkpoints_total', help: 'Checkpoints of the SQLite state file run by the primary, by outcome', labelNames: ['outcome'] as const, registers: [registry] });
    this.walPages = new Gauge({ name: 'sts_state_wal_pages', help: 'Pages in the SQLite state WAL at the last checkpoint', registers: [registry] });
    // The time a worker would have waited inside a commit, had it checkpointed itself.
    this.duration = new Histogram({ name: 'sts_state_checkpoint_seconds', help: 'Duration of each checkpoint of the SQLite state file run by the primary', buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1], registers: [registry] });
  }

  /** Checkpoints the file this config names (nothing for another backend); a reload may change it. */
  follow(config: KernelConfig): void {
    const file = config.state.backend === 'sqlite' ? resolve(config.state.sqlite.file) : undefined;
    if (file === this.thread?.file) return;
    this.close();
    if (file === undefined) return;
    const data: CheckpointThreadData = { file, intervalMs: CHECKPOINT_INTERVAL_MS };
    const worker = new Worker(new URL('./checkpoint-thread.js', import.meta.url), { workerData: data });
    worker.unref();
    worker.on('message', (message: CheckpointThreadMessage) => this.onMessage(message));
    // The thread catches every checkpoint error itself; one that dies anyway leaves the workers' backstop.
    worker.on('error', (error) => this.logger.error({ file, err: error.message }, 'state checkpoint thread failed: workers checkpoint themselves past the backstop'));
    this.thread = { file, worker };
  }

  close(): void {
    void this.thread?.worker.terminate();
    this.thread = undefined;
  }

  private onMessage(message: CheckpointThreadMessage): void {
    if (message.type === 'log') {
      this.logger[message.level](message.fields, message.message);
      return;
    }
    this.runs.inc({ outcome: message.failed === undefined ? 'ok' : 'failed' });
    this.duration.observe(message.seconds);
    if (message.walPages !== undefined) this.walPages.set(message.walPages);
  }
}
