/**
 * The primary's share of the SQLite state backend: it checkpoints the file the workers write
 * (state/sqlite-checkpointer.ts), following the state config of the current generation across reloads, and
 * counts the runs in the primary's own metrics.
 */
import { resolve } from 'node:path';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import { SqliteCheckpointer } from '../state/sqlite-checkpointer.js';

export class StateCheckpoints {
  private checkpointer: SqliteCheckpointer | undefined;
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
    if (file === this.checkpointer?.file) return;
    this.close();
    if (file === undefined) return;
    this.checkpointer = new SqliteCheckpointer(file, {
      logger: this.logger,
      onRun: ({ result, error, seconds }) => {
        this.runs.inc({ outcome: error === undefined ? 'ok' : 'failed' });
        this.duration.observe(seconds);
        if (result !== undefined) this.walPages.set(result.walPages);
      },
    }).start();
  }

  close(): void {
    this.checkpointer?.close();
    this.checkpointer = undefined;
  }
}
