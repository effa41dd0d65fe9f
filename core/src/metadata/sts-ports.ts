/**
 * Which WS-Trust ports a metadata document lists: the endpoints that exist, with the credentials that the
 * enabled processors can check there (pingfederate-sts.md section 2.2; AD FS's endpoint names, peer-sts.md
 * section 2.2):
 * - usernamemixed: UsernameToken over TLS, WS-Trust 1.3 and 2005, on the IdP STS, when a UsernameToken
 *   processor serves the partner (MSAL's username/password flow looks for exactly these two);
 * - certificatemixed: an X.509-signed request over TLS, 1.3 and 2005, when an X.509 processor serves it;
 * - issuedtokenmixed: a token from an IdP partner over TLS on the SP STS, when IdP connections exist (only in
 *   the document without a partner: it is not a way to get the partner's token).
 */
import { TokenType } from '@sts/sdk';
import type { KernelConfig, SpConnection } from '../config/kernel-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { IDP_STS_PATH, SP_STS_PATH } from '../ws-trust/paths.js';

export type PortCredential = 'username' | 'certificate' | 'issued-token';
export type PortTrustVersion = '13' | '2005';

export interface StsPort {
  readonly credential: PortCredential;
  readonly trust: PortTrustVersion;
  /** The endpoint path under the public base URL. */
  readonly path: string;
}

/** Credential → the processor token type that must be enabled for it. */
const CREDENTIAL_TOKEN_TYPE: ReadonlyMap<PortCredential, string> = new Map([
  ['username', TokenType.UsernameToken],
  ['certificate', TokenType.X509v3],
]);

const TRUST_VERSIONS: readonly PortTrustVersion[] = ['13', '2005'];

export function stsPorts(config: KernelConfig, registry: PluginRegistry, partner: SpConnection | undefined): StsPort[] {
  const allowed = partner && partner.tokenProcessors.length > 0 ? partner.tokenProcessors : registry.processors().map((p) => p.id);
  const types = new Set(allowed.filter((id) => registry.processorById(id) !== undefined).flatMap((id) => registry.typesOf(id)));
  const ports: StsPort[] = [];
  for (const [credential, tokenType] of CREDENTIAL_TOKEN_TYPE) {
    if (types.has(tokenType)) for (const trust of TRUST_VERSIONS) ports.push({ credential, trust, path: IDP_STS_PATH });
  }
  if (!partner && config.idpConnections.length > 0) {
    for (const trust of TRUST_VERSIONS) ports.push({ credential: 'issued-token', trust, path: SP_STS_PATH });
  }
  return ports;
}
