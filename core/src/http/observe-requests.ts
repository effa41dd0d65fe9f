/**
 * Outermost middleware after the request context: when a response is done, counts it (endpoint, operation,
 * outcome, fault code, duration) and writes one audit event for every WS-Trust request, issued, validated or
 * refused. Endpoint labels are the known paths only, so a scan of random URLs cannot grow the metrics.
 */
import type { Middleware } from 'koa';
import type { AuditEvent, AuditLog } from '../audit/audit-log.js';
import type { StsMetrics } from '../metrics/sts-metrics.js';
import type { OutcomeSlots } from './outcome-slots.js';
import type { StsState } from './sts-state.js';

export interface ObservedPaths {
  /** Paths whose requests are audited (the faces' token endpoints). */
  readonly audited: ReadonlySet<string>;
  /** Other known paths (JWKS, metadata): counted under their own label. */
  readonly other: ReadonlyMap<string, string>;
}

export function observeRequests(metrics: StsMetrics, audit: AuditLog, outcomes: OutcomeSlots, paths: ObservedPaths): Middleware<StsState> {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const { context, operation, fault } = ctx.state;
      const outcome = outcomes.take(context.requestId);
      const audited = paths.audited.has(ctx.path);
      const endpoint = audited || paths.other.has(ctx.path) ? ctx.path : 'other';
      const seconds = (performance.now() - started) / 1000;
      const result = fault !== undefined ? 'fault' : ctx.status >= 400 ? 'error' : 'success';
      metrics.requests.inc({ endpoint, operation: operation ?? paths.other.get(ctx.path) ?? 'unknown', outcome: result });
      if (fault !== undefined) metrics.faults.inc({ code: fault });
      metrics.requestDuration.observe({ endpoint }, seconds);
      if (audited && ctx.method === 'POST') {
        const event: AuditEvent = {
          requestId: context.requestId,
          endpoint: ctx.path,
          operation: operation ?? 'unknown',
          outcome: fault !== undefined ? 'refused' : outcome?.tokenId !== undefined ? 'issued' : outcome?.valid === false ? 'invalid' : 'valid',
          clientAddress: context.clientAddress,
          ...(context.clientId === undefined ? {} : { clientId: context.clientId }),
          durationMs: Math.round(seconds * 10_000) / 10,
          ...(outcome?.connectionId === undefined ? {} : { connection: outcome.connectionId }),
          ...(outcome?.processorId === undefined ? {} : { processor: outcome.processorId }),
          ...(outcome?.generatorId === undefined ? {} : { generator: outcome.generatorId }),
          ...(outcome?.tokenType === undefined ? {} : { tokenType: outcome.tokenType }),
          ...(outcome?.subject === undefined ? {} : { subject: outcome.subject }),
          ...(outcome?.actor === undefined ? {} : { delegation: outcome.delegation, actor: outcome.actor }),
          ...(fault === undefined ? {} : { faultCode: fault }),
        };
        audit.record(event);
      }
    }
  };
}
