/**
 * The metadata documents, built once at boot from the config and the plug-in registry (both fixed for a
 * worker's life; a reload starts new workers): per SP connection and once without a partner, the MEX
 * document (SOAP 1.2 bindings only, for Microsoft clients) and the full WSDL (SOAP 1.1 and 1.2). A
 * PartnerSpId is resolved like an RST's AppliesTo (connection-resolver.ts), so every partner service
 * identifier of a connection names the same document.
 */
import type { KernelConfig } from '../config/kernel-config.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { ConnectionResolver } from '../policy/connection-resolver.js';
import { IDP_STS_PATH } from '../ws-trust/paths.js';
import { partnerTokenPolicy } from './partner-token-policy.js';
import { stsPorts } from './sts-ports.js';
import { writeWsdl } from './write-wsdl.js';
import type { SpConnection } from '../config/kernel-config.js';

export interface MetadataDocument {
  /** `wsdl:definitions` with SOAP 1.2 bindings only: what the MEX paths and GetMetadata return. */
  readonly mex: string;
  /** `wsdl:definitions` with SOAP 1.1 and 1.2 bindings: what `?wsdl` returns. */
  readonly wsdl: string;
}

export class MetadataDocuments {
  private readonly resolver: ConnectionResolver;
  private readonly byConnection = new Map<string, MetadataDocument>();
  readonly general: MetadataDocument;

  constructor(config: KernelConfig, registry: PluginRegistry, readonly baseUrl: string) {
    this.resolver = new ConnectionResolver(config.spConnections);
    this.general = build(config, registry, baseUrl, undefined);
    for (const connection of config.spConnections) this.byConnection.set(connection.id, build(config, registry, baseUrl, connection));
  }

  /** The document for a PartnerSpId, or undefined when no SP connection has it. */
  forPartner(partnerSpId: string): MetadataDocument | undefined {
    const connection = this.resolver.resolve(partnerSpId);
    return connection === undefined ? undefined : this.byConnection.get(connection.id);
  }
}

function build(config: KernelConfig, registry: PluginRegistry, baseUrl: string, partner: SpConnection | undefined): MetadataDocument {
  const ports = stsPorts(config, registry, partner);
  const extraPolicies = partner ? [partnerTokenPolicy(partner, `${baseUrl}${IDP_STS_PATH}`)] : [];
  return {
    mex: writeWsdl({ ports, soapVersions: ['1.2'], baseUrl, extraPolicies }).toString(),
    wsdl: writeWsdl({ ports, soapVersions: ['1.1', '1.2'], baseUrl, extraPolicies }).toString(),
  };
}
