/**
 * Chooses the issuing policy for a request, by role (pingfederate-sts.md sections 2.4 to 2.6):
 * - IdP STS: the SP connection that AppliesTo selects (required);
 * - SP STS: the IdP connection of the presented token's issuer; a validate-only connection issues nothing;
 * - token translator: the first token-to-token mapping for the processor instance that validated the
 *   token (and for the AppliesTo, when the mapping lists some).
 * Unknown always means a refusal, never a default partner.
 */
import { RequestFailedError, quoteForLog, type ProcessedToken, type TrustedIssuers } from '@sts/sdk';
import type { IssuancePolicy, KernelConfig } from '../config/kernel-config.js';
import type { ConnectionResolver } from './connection-resolver.js';

export type StsRole = 'idp' | 'sp' | 'translator';

export interface ResolvedPolicy {
  readonly policy: IssuancePolicy;
  /** The audience of the token to issue: AppliesTo, or the policy's default audience. */
  readonly audience: string;
}

export interface PolicyQuery {
  readonly appliesTo?: string;
  readonly processorId: string;
  readonly processed: ProcessedToken;
}

export class PolicyResolver {
  constructor(
    private readonly config: KernelConfig,
    private readonly spConnections: ConnectionResolver,
    private readonly trustedIssuers: TrustedIssuers,
  ) {}

  resolve(role: StsRole, query: PolicyQuery): ResolvedPolicy {
    const { appliesTo } = query;
    switch (role) {
      case 'idp': {
        if (appliesTo === undefined) throw new RequestFailedError('the RST has no AppliesTo');
        const connection = this.spConnections.resolve(appliesTo);
        if (!connection) throw new RequestFailedError(`no SP connection for AppliesTo ${quoteForLog(appliesTo)}`);
        return { policy: connection, audience: appliesTo };
      }
      case 'sp': {
        const issuer = query.processed.issuer;
        const connectionId = issuer === undefined ? undefined : this.trustedIssuers.find(issuer)?.connectionId;
        const connection = this.config.idpConnections.find((c) => c.id === connectionId);
        if (!connection) throw new RequestFailedError(`no IdP connection for token issuer ${issuer === undefined ? '(none)' : quoteForLog(issuer)}`);
        if (connection.mode !== 'issue') throw new RequestFailedError(`IdP connection ${connection.id} is validate-only`);
        return { policy: connection, audience: audienceOf(appliesTo, connection.defaultAudience, connection.id) };
      }
      case 'translator': {
        const mapping = this.config.tokenMappings.find(
          (m) => m.processor === query.processorId && (m.appliesTo.length === 0 || (appliesTo !== undefined && m.appliesTo.includes(appliesTo))),
        );
        if (!mapping) throw new RequestFailedError(`no token mapping for processor ${query.processorId} and AppliesTo ${appliesTo === undefined ? '(none)' : quoteForLog(appliesTo)}`);
        return { policy: mapping, audience: audienceOf(appliesTo, mapping.defaultAudience, mapping.id) };
      }
    }
  }
}

function audienceOf(appliesTo: string | undefined, fallback: string | undefined, id: string): string {
  const audience = appliesTo ?? fallback;
  if (audience === undefined) throw new RequestFailedError(`${id}: no AppliesTo and no default audience`);
  return audience;
}
