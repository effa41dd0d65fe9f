/**
 * Selects the SP connection for an AppliesTo (DESIGN.md section 4 step 8), from tables built once at boot.
 * - `exact` ids match the AppliesTo string exactly;
 * - `base-url` ids (http(s) URLs ending in /) match an AppliesTo URL with the same origin whose path is the
 *   base path or below it, on a segment boundary; the longest base wins; an exact match wins over any base;
 * - anything else is unknown: a fault, never a default partner (security-rules.md section 1 row 32).
 */
import type { SpConnection } from '../config/kernel-config.js';

export class ConnectionResolver {
  private readonly exact = new Map<string, SpConnection>();
  private readonly bases: { origin: string; path: string; connection: SpConnection }[] = [];

  constructor(connections: readonly SpConnection[]) {
    for (const connection of connections) {
      for (const partner of connection.partnerServiceIds) {
        if (partner.match === 'exact') {
          this.exact.set(partner.id, connection);
        } else {
          const url = new URL(partner.id);
          this.bases.push({ origin: url.origin, path: url.pathname, connection });
          // The base itself without its trailing slash names the same partner.
          if (url.pathname !== '/') this.exact.set(partner.id.slice(0, -1), connection);
        }
      }
    }
    this.bases.sort((a, b) => b.path.length - a.path.length);
  }

  resolve(appliesTo: string): SpConnection | undefined {
    const exact = this.exact.get(appliesTo);
    if (exact) return exact;
    if (!/^https?:\/\//i.test(appliesTo)) return undefined;
    let url: URL;
    try {
      url = new URL(appliesTo);
    } catch {
      return undefined;
    }
    if (url.username !== '' || url.password !== '') return undefined;
    for (const base of this.bases) {
      if (url.origin === base.origin && url.pathname.startsWith(base.path)) return base.connection;
    }
    return undefined;
  }
}
