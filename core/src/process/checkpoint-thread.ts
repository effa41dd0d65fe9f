/**
 * The thread the primary checkpoints the SQLite state file in (state-checkpoints.ts): a checkpoint holds the
 * thread for its copy and fsync (10–20 ms under load), and the primary's own event loop hands every new
 * connection to a worker, so it must not wait for one. Runs {@link SqliteCheckpointer} on a timer and posts
 * each run's outcome, and its log lines, to the primary.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Logger } from '@sts/sdk';
import { SqliteCheckpointer } from '../state/sqlite-checkpointer.js';
import type { CheckpointThreadData, CheckpointThreadMessage } from './checkpoint-thread-messages.js';

const { file, intervalMs } = workerData as CheckpointThreadData;
const post = (message: CheckpointThreadMessage) => parentPort!.postMessage(message);
const log = (level: 'info' | 'warn' | 'error') => (fields: object, message?: string) => post({ type: 'log', level, fields, message: message ?? '' });
const logger: Logger = { debug: () => undefined, info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };

const checkpointer = new SqliteCheckpointer(file, {
  logger,
  onRun: ({ result, error, seconds }) => post({ type: 'run', seconds, ...(result === undefined ? {} : { walPages: result.walPages }), ...(error === undefined ? {} : { failed: error.message }) }),
});
// Keeps the thread alive: the primary ends it with terminate().
setInterval(() => checkpointer.run(), intervalMs);
