/**
 * The Prometheus metrics of one worker (prom-client, one Registry per boot so in-process tests do not share
 * counters). The primary aggregates every worker's registry for the admin listener's /metrics.
 * Labels carry configuration names only (endpoint, operation, outcome, fault code, token type, connection
 * and instance ids): never a subject, credential or token.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class StsMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'sts_requests_total',
    help: 'Requests by endpoint, operation (issue, validate, jwks, ...) and outcome (success, fault)',
    labelNames: ['endpoint', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly faults = new Counter({
    name: 'sts_faults_total',
    help: 'Refusals by fault code (the WS-Trust QName or HTTP error)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: 'sts_request_duration_seconds',
    help: 'Time from the first byte of the request to the response, by endpoint',
    labelNames: ['endpoint'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly tokensIssued = new Counter({
    name: 'sts_tokens_issued_total',
    help: 'Tokens issued by token type and partner connection',
    labelNames: ['token_type', 'connection'] as const,
    registers: [this.registry],
  });

  readonly pluginDuration = new Histogram({
    name: 'sts_plugin_duration_seconds',
    help: 'Time spent in token processors and generators, by kind and instance',
    labelNames: ['kind', 'instance'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });

  readonly stateBackendErrors = new Counter({
    name: 'sts_state_backend_errors_total',
    help: 'State store operations that failed (the request was refused)',
    registers: [this.registry],
  });

  /** Process metrics (RSS, heap, event loop lag) of this worker, labelled by the aggregator per worker. */
  collectProcessMetrics(): this {
    collectDefaultMetrics({ register: this.registry, prefix: 'sts_worker_' });
    return this;
  }
}
