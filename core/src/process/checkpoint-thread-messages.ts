/** What the primary and its checkpoint thread (checkpoint-thread.ts) tell each other. */
export interface CheckpointThreadData {
  readonly file: string;
  readonly intervalMs: number;
}

export type CheckpointThreadMessage =
  | { readonly type: 'run'; readonly seconds: number; readonly walPages?: number; readonly failed?: string }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly fields: object; readonly message: string };
