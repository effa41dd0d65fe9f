/**
 * The HTTPS listener's credentials, read once by the primary before any worker starts (so a bad file stops
 * the start with a coded error, and workers never race to generate a development certificate).
 * Without configured files a development certificate for localhost and 127.0.0.1 is generated into the
 * git-ignored dev-keys folder and reused afterwards; the banner warns about it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { SecureContextOptions } from 'node:tls';
import type { TlsListenerConfig } from '../config/kernel-config.js';
import { StartupError, StartupErrorCode } from '../errors.js';

export interface TlsCredentials {
  readonly certificatePem: string;
  readonly keyPem: string;
  readonly clientCaPem: readonly string[];
  /** The certificate file in use, and whether it is the generated development one. */
  readonly certificateFile: string;
  readonly development: boolean;
}

export async function loadTlsCredentials(config: TlsListenerConfig, devKeysDir: string): Promise<TlsCredentials> {
  const configured = config.certificateFile !== undefined || config.keyFile !== undefined;
  if (configured && (config.certificateFile === undefined || config.keyFile === undefined)) {
    throw new StartupError(StartupErrorCode.TLS_INVALID, '/server/tls: certificateFile and keyFile go together');
  }
  const files = configured ? { certificateFile: config.certificateFile!, keyFile: config.keyFile! } : await developmentCertificate(devKeysDir);
  const certificatePem = readPem(files.certificateFile, '/server/tls/certificateFile');
  const keyPem = readPem(files.keyFile, '/server/tls/keyFile');
  checkKeyMatches(certificatePem, keyPem, files.certificateFile);
  const clientCaPem = config.clientCaFiles.map((file, i) => readPem(file, `/server/tls/clientCaFiles/${i}`));
  if (config.requestClientCertificate && clientCaPem.length === 0) {
    throw new StartupError(StartupErrorCode.TLS_INVALID, '/server/tls/clientCaFiles: requestClientCertificate needs at least one CA');
  }
  return { certificatePem, keyPem, clientCaPem, certificateFile: resolve(files.certificateFile), development: !configured };
}

/** Options for https.createServer: TLS 1.2 or later; a client certificate is asked for, never required here. */
export function tlsServerOptions(config: TlsListenerConfig, credentials: TlsCredentials): SecureContextOptions & { requestCert: boolean; rejectUnauthorized: boolean } {
  return {
    cert: credentials.certificatePem,
    key: credentials.keyPem,
    minVersion: config.minVersion,
    requestCert: config.requestClientCertificate,
    // A connection that requires client authentication decides from socket.authorized; the handshake
    // itself must not fail, or a client without a certificate could not even get a proper fault.
    rejectUnauthorized: false,
    ...(credentials.clientCaPem.length > 0 ? { ca: [...credentials.clientCaPem] } : {}),
  };
}

function readPem(file: string, where: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new StartupError(StartupErrorCode.TLS_INVALID, `${where}: ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function checkKeyMatches(certificatePem: string, keyPem: string, file: string): void {
  let matches: boolean;
  try {
    matches = new X509Certificate(certificatePem).checkPrivateKey(createPrivateKey(keyPem));
  } catch (error) {
    throw new StartupError(StartupErrorCode.TLS_INVALID, `/server/tls: ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!matches) throw new StartupError(StartupErrorCode.TLS_INVALID, `/server/tls/keyFile: the key does not match the certificate ${file}`);
}

async function developmentCertificate(devKeysDir: string): Promise<{ certificateFile: string; keyFile: string }> {
  const folder = resolve(devKeysDir);
  const certificateFile = join(folder, 'tls-cert.pem');
  const keyFile = join(folder, 'tls-key.pem');
  if (!existsSync(certificateFile) || !existsSync(keyFile)) {
    const { createSelfSignedKey } = await import('@sts/sdk/dev-keys');
    const generated = await createSelfSignedKey({
      kid: 'dev-tls',
      subject: 'CN=localhost, O=STS Development TLS Certificate (not for production)',
      validDays: 397,
      serverNames: { dns: ['localhost'], ip: ['127.0.0.1', '::1'] },
    });
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(keyFile, generated.privateKeyPem, { mode: 0o600 });
    writeFileSync(certificateFile, generated.certificatePem);
  }
  return { certificateFile, keyFile };
}
