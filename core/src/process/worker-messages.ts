/**
 * The IPC between the primary and its workers (node:cluster). The primary holds the validated config and
 * manifest text of the current generation and hands it to each worker it starts, so a replacement worker runs
 * on what was validated, not on whatever the files hold at that moment. The primary also owns the listeners
 * and hands each accepted connection to a worker (connection-dealer.ts).
 */

import type { Readiness } from '../admin/readiness.js';

export type { Readiness };

/** primary → worker */
export type ToWorker =
  | { readonly type: 'start'; readonly configFile: string; readonly configText: string; readonly manifestFile: string; readonly manifestText: string }
  /**
   * Sent only after the primary stopped handing this worker connections; IPC is ordered, so every connection
   * meant for it has arrived before this.
   */
  | { readonly type: 'drain'; readonly reason: string }
  /** Sent with the accepted socket as the message's handle. */
  | { readonly type: 'connection'; readonly listener: ListenerName }
  | { readonly type: 'query'; readonly id: number; readonly what: 'readiness' | 'metrics' };

/** The primary's listeners: `server.port`, and `server.tls.port` when HTTPS is configured. */
export type ListenerName = 'http' | 'https';

/**
 * The worker is ready for connections (its servers for `http`, and `https` when configured, are up; every
 * worker of a generation serves the same listeners).
 */
export interface WorkerListening {
  readonly type: 'listening';
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
  /** A connection the primary handed over has closed (or was refused): the primary's count goes down. */
  | { readonly type: 'connection-closed' }
  /** The last message before a drained worker exits. */
  | { readonly type: 'exiting' }
  | { readonly type: 'answer'; readonly id: number; readonly value: unknown };

export function isFromWorker(message: unknown): message is FromWorker {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}
