/**
 * The public base URL that metadata addresses start with (`server.publicBaseUrl`). Without it: the HTTPS
 * listener's origin (localhost when it listens on the loopback address, which the development certificate
 * names), else the HTTP listener's. Microsoft clients accept only https endpoints from MEX (MSAL's mex.py),
 * so a deployment behind a TLS proxy sets it to the proxy's origin.
 */
import type { KernelConfig } from './kernel-config.js';

export function publicBaseUrl(server: KernelConfig['server']): string {
  if (server.publicBaseUrl !== undefined) return server.publicBaseUrl;
  const { tls } = server;
  const host = (h: string) => (h === '127.0.0.1' || h === '0.0.0.0' || h === '::' ? 'localhost' : h);
  return tls ? `https://${host(tls.host ?? server.host)}:${tls.port}` : `http://${host(server.host)}:${server.port}`;
}

/** Whether the base URL was derived rather than configured (the banner says so). */
export function publicBaseUrlIsDerived(server: KernelConfig['server']): boolean {
  return server.publicBaseUrl === undefined;
}
