/**
 * The audit log: one JSON line per Issue, Validate and refusal, to its own pino destination
 * (`logging.audit.file`, standard output by default), apart from the server log. It names who asked for
 * what and what happened; it never holds a credential, token or assertion.
 */
import { pino, type Logger as PinoLogger } from 'pino';
import type { KernelConfig } from '../config/kernel-config.js';

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
  const destination = pino.destination({ dest: config.file ?? 1, sync: false, mkdir: true, append: true });
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
