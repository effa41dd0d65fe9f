/**
 * The IPC between the primary and its workers (node:cluster). The primary holds the validated config and
 * manifest text of the current generation and hands it to each worker it starts, so a replacement worker runs
 * on what was validated, not on whatever the files hold at that moment.
 */

import type { Readiness } from '../admin/readiness.js';

export type { Readiness };

/** primary → worker */
export type ToWorker =
  | { readonly type: 'start'; readonly configFile: string; readonly configText: string; readonly manifestFile: string; readonly manifestText: string }
  | { readonly type: 'drain'; readonly reason: string }
  /** The answer to `stopped-listening`: the primary hands this worker no more connections. */
  | { readonly type: 'no-more-connections' }
  | { readonly type: 'query'; readonly id: number; readonly what: 'readiness' | 'metrics' };

export interface WorkerListening {
  readonly type: 'listening';
  readonly httpPort: number;
  readonly httpsPort?: number;
  readonly plugins: readonly { id: string; package: string; kind: string; enabled: boolean }[];
  readonly stateBackend: string;
}

/** worker → primary */
export type FromWorker =
  | WorkerListening
  /** Sent once the worker listens for messages: one sent before that would be lost. */
  | { readonly type: 'awaiting-start' }
  | { readonly type: 'boot-failed'; readonly message: string }
  | { readonly type: 'recycle'; readonly rssMb: number }
  /** A draining worker has closed its listeners (sent after node:cluster's own close message). */
  | { readonly type: 'stopped-listening' }
  /** The last message before a drained worker exits. */
  | { readonly type: 'exiting' }
  | { readonly type: 'answer'; readonly id: number; readonly value: unknown };

export function isFromWorker(message: unknown): message is FromWorker {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}
