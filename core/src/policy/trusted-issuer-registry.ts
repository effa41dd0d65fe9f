/**
 * The issuers whose tokens processors may accept (the `trustedIssuers` service): every IdP connection with
 * its certificates, plus this STS itself with the certificates of its own signing keys, so that Validate
 * can check the tokens we issued. Certificates are read and parsed once at boot.
 */
import { readFileSync } from 'node:fs';
import { trustedCertificateFromPem, trustedCertificatesFromPem, type SigningKeys, type TrustedIssuer, type TrustedIssuers } from '@sts/sdk';
import type { KernelConfig } from '../config/kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';
import type { ConnectionResolver } from './connection-resolver.js';

/** The connection id under which the STS's own issuer appears. */
export const SELF_ISSUER_CONNECTION = '#sts';

export class TrustedIssuerRegistry implements TrustedIssuers {
  private readonly byIssuer: ReadonlyMap<string, TrustedIssuer>;

  constructor(config: KernelConfig, keys: SigningKeys, partners: ConnectionResolver) {
    const issuers: TrustedIssuer[] = [
      {
        connectionId: SELF_ISSUER_CONNECTION,
        issuer: config.issuer.entityId,
        certificates: keys.all().map((k) => trustedCertificateFromPem(k.certificatePem)),
        partnerAudience: (audience) => partners.resolve(audience) !== undefined,
      },
      ...config.idpConnections.map((connection, i) => ({
        connectionId: connection.id,
        issuer: connection.issuer,
        certificates: connection.certificateFiles.flatMap((file, j) => readCertificates(file, `/idpConnections/${i}/certificateFiles/${j}`)),
      })),
    ];
    this.byIssuer = new Map(issuers.map((i) => [i.issuer, Object.freeze(i)]));
  }

  find(issuer: string): TrustedIssuer | undefined {
    return this.byIssuer.get(issuer);
  }
}

function readCertificates(file: string, where: string) {
  try {
    const certificates = trustedCertificatesFromPem(readFileSync(file, 'utf8'));
    if (certificates.length === 0) throw new Error('no certificate in the file');
    return certificates;
  } catch (error) {
    throw new StartupError(StartupErrorCode.CONFIG_INVALID, `${where}: ${file}: ${(error as Error).message}`, { cause: error });
  }
}
