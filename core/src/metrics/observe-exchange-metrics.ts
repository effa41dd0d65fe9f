/**
 * The exchange observer that counts issued tokens by type and connection, and times the processors and the
 * generator by instance (labels are configuration names only).
 */
import type { ExchangeObserver } from '../exchange/exchange-outcome.js';
import type { StsMetrics } from './sts-metrics.js';

export function observeExchangeMetrics(metrics: StsMetrics): ExchangeObserver {
  return (outcome) => {
    metrics.pluginDuration.observe({ kind: 'processor', instance: outcome.processorId }, outcome.durations.processMs / 1000);
    if (outcome.generatorId !== undefined) metrics.pluginDuration.observe({ kind: 'generator', instance: outcome.generatorId }, outcome.durations.issueMs / 1000);
    if (outcome.tokenId !== undefined) metrics.tokensIssued.inc({ token_type: outcome.tokenType ?? 'unknown', connection: outcome.connectionId ?? 'none' });
  };
}
