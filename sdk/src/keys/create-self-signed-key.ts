/**
 * Creates an RSA key pair with a self-signed X.509 certificate: for development keys and tests only.
 * Production keys are PEM files the operator provides.
 * @public
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { SigningKey } from '../services.js';
import { signingKeyFromPem } from './signing-key-from-pem.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** Options for {@link createSelfSignedKey}. @public */
export interface SelfSignedKeyOptions {
  readonly kid: string;
  /** Subject and issuer DN, e.g. `CN=STS Development Signing Key`. */
  readonly subject: string;
  readonly modulusLength?: number;
  readonly validDays?: number;
  readonly notBefore?: Date;
  /**
   * For a TLS server certificate: the DNS names and IP addresses it serves (subjectAltName, RFC 5280
   * section 4.2.1.6), with key usage for TLS key exchange and extended key usage serverAuth.
   */
  readonly serverNames?: { readonly dns: readonly string[]; readonly ip: readonly string[] };
}

/** A generated key in PEM form plus the parsed {@link SigningKey}. @public */
export interface GeneratedKey {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly signingKey: SigningKey;
}

/** Generates the key and certificate (RSA-SHA256). @public */
export async function createSelfSignedKey(options: SelfSignedKeyOptions): Promise<GeneratedKey> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: options.modulusLength ?? 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
    name: options.subject,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.validDays ?? 365) * 86_400_000),
    signingAlgorithm: algorithm,
    keys,
    extensions: options.serverNames ? tlsServerExtensions(options.serverNames) : [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
  const certificatePem = cert.toString('pem') + '\n';
  return { privateKeyPem, certificatePem, signingKey: signingKeyFromPem(options.kid, privateKeyPem, certificatePem) };
}


function tlsServerExtensions(names: NonNullable<SelfSignedKeyOptions['serverNames']>): x509.Extension[] {
  return [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension([
      ...names.dns.map((value) => ({ type: 'dns' as const, value })),
      ...names.ip.map((value) => ({ type: 'ip' as const, value })),
    ]),
  ];
}
