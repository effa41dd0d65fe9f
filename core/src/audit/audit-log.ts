/**
 * The audit log: one JSON line per Issue, Validate and refusal, to its own pino destination
 * (`logging.audit.file`, standard output by default), apart from the server log. It names who asked for
 * what and what happened; it never holds a credential, token or assertion.
 */
import { pino, type Logger as PinoLogger } from 'pino';
import type { KernelConfig } from '../config/kernel-config.js';

/** The audit log's write batch: written once this much is buffered, and whatever is buffered every {@link AUDIT_FLUSH_MS}. */
export const AUDIT_BATCH_BYTES = 4096;
export const AUDIT_FLUSH_MS = 250;

export interface AuditEvent {
  readonly requestId: string;
  readonly endpoint: string;
  readonly operation: string;
  readonly outcome: 'issued' | 'valid' | 'invalid' | 'refused';
  readonly clientAddress: string;
  /** The client the WS-Trust face authenticated (README "Client authentication"), when one did. */
  readonly clientId?: string;
  readonly durationMs: number;
  readonly connection?: string;
  readonly processor?: string;
  readonly generator?: string;
  readonly tokenType?: string;
  readonly subject?: string;
  /** A delegation (OnBehalfOf, ActAs): its kind and the requester acting for the subject. */
  readonly delegation?: string;
  readonly actor?: string;
  readonly faultCode?: string;
}

export interface AuditLog {
  record(event: AuditEvent): void;
  flush(): void;
}

export function createAuditLog(config: KernelConfig['logging']['audit']): AuditLog {
  if (!config.enabled) return { record: () => undefined, flush: () => undefined };
  // Lines are written in batches of about 4 KB, and at least every AUDIT_FLUSH_MS: one write per line (a libuv
  // file write each) was 2.8 % of a worker's busy time at full load (JWT → JWT), the batches are a tenth of it.
  // pino flushes what is buffered when the process exits (on-exit-leak-free), crash included; only a worker
  // killed outright (SIGKILL, the OOM killer) loses what it buffered, at most AUDIT_FLUSH_MS of lines.
  const destination = pino.destination({ dest: config.file ?? 1, sync: false, mkdir: true, append: true, minLength: AUDIT_BATCH_BYTES, periodicFlush: AUDIT_FLUSH_MS });
  const logger: PinoLogger = pino({ base: { log: 'audit' }, messageKey: 'event', timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return {
    record: (event) => logger.info(event, 'sts.audit'),
    flush: () => {
      try {
        destination.flushSync();
      } catch {
        // not open yet (nothing written): nothing to flush
      }
    },
  };
}
