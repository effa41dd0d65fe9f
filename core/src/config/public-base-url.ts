/**
 * The public base URL that metadata addresses start with (`server.publicBaseUrl`). Without it, in order:
 * the first https entry of `server.publicOrigins` (else its first entry), so that the addresses are ones
 * `wsa:To` accepts; the HTTPS listener's origin (localhost when it listens on a loopback or wildcard address,
 * which the development certificate names); the HTTP listener's. Microsoft clients accept only https
 * endpoints from a MEX (MSAL's mex.py), so a deployment behind a TLS proxy sets it to the proxy's origin.
 */
import type { KernelConfig } from './kernel-config.js';

export type PublicBaseUrlSource = 'server.publicBaseUrl' | 'server.publicOrigins' | 'the HTTPS listener' | 'the HTTP listener';

export function publicBaseUrl(server: KernelConfig['server']): string {
  return resolvePublicBaseUrl(server).url;
}

/** The base URL and where it came from (the banner says so). */
export function resolvePublicBaseUrl(server: KernelConfig['server']): { url: string; source: PublicBaseUrlSource } {
  if (server.publicBaseUrl !== undefined) return { url: server.publicBaseUrl, source: 'server.publicBaseUrl' };
  const origins = server.publicOrigins;
  if (origins.length > 0) return { url: origins.find((o) => o.startsWith('https://')) ?? origins[0]!, source: 'server.publicOrigins' };
  const { tls } = server;
  const host = (h: string) => (h === '127.0.0.1' || h === '0.0.0.0' || h === '::' || h === '::1' ? 'localhost' : h);
  return tls
    ? { url: `https://${host(tls.host ?? server.host)}:${tls.port}`, source: 'the HTTPS listener' }
    : { url: `http://${host(server.host)}:${server.port}`, source: 'the HTTP listener' };
}
