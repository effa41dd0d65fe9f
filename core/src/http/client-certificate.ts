/**
 * The TLS client certificate of a request, checked by the application rather than by the handshake
 * (tls-credentials.ts asks for a certificate with rejectUnauthorized false), so that a missing or bad
 * certificate becomes a precise fault of the face instead of a dropped connection:
 * - the request came over the HTTPS listener and the client sent a certificate;
 * - OpenSSL verified its chain (`socket.authorized`: signatures, validity, against server.tls.clientCaFiles);
 * - and again here, independently of what the listener was given: some certificate of the presented chain is
 *   issued and signed by one of the configured CAs, and every certificate up to it is within its validity at
 *   our clock (RFC 5280 section 6.1.3 (a)(2)).
 * The caller matches the subject and issuer DNs (distinguished-name.ts).
 */
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { X509Certificate as ParsedCertificate } from '@peculiar/x509';
import { certificateDn, type NormalizedDn } from './distinguished-name.js';

export interface VerifiedClientCertificate {
  readonly subject: NormalizedDn;
  readonly issuer: NormalizedDn;
  /** SHA-256 fingerprint of the leaf, for the log. */
  readonly fingerprint: string;
}

export type ClientCertificateCheck = VerifiedClientCertificate | { readonly problem: string };

/** Chains longer than this are not walked (a leaf, intermediates, the CA). */
const MAX_CHAIN = 8;

export class ClientCertificateVerifier {
  constructor(private readonly cas: readonly X509Certificate[]) {}

  verify(socket: Socket, now: Date): ClientCertificateCheck {
    if (!(socket as Partial<TLSSocket>).encrypted) return { problem: 'a client certificate is required, and the request did not come over HTTPS' };
    const tls = socket as TLSSocket;
    const peer = tls.getPeerCertificate(true);
    if (!peer || !peer.raw) return { problem: 'no TLS client certificate' };
    const leaf = new X509Certificate(peer.raw);
    if (!tls.authorized) return { problem: `the TLS client certificate ${leaf.fingerprint256} failed verification: ${String(tls.authorizationError)}` };
    const problem = this.chainProblem(peer, now);
    if (problem) return { problem: `the TLS client certificate ${leaf.fingerprint256}: ${problem}` };
    try {
      const parsed = new ParsedCertificate(peer.raw);
      return { subject: certificateDn(parsed.subjectName), issuer: certificateDn(parsed.issuerName), fingerprint: leaf.fingerprint256 };
    } catch (error) {
      return { problem: `the TLS client certificate ${leaf.fingerprint256}: its names cannot be read: ${(error as Error).message}` };
    }
  }

  private chainProblem(leaf: DetailedPeerCertificate, now: Date): string | undefined {
    let current: DetailedPeerCertificate | undefined = leaf;
    for (let depth = 0; current?.raw && depth < MAX_CHAIN; depth++) {
      const cert = new X509Certificate(current.raw);
      if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) return `certificate ${depth} of the chain is not valid now (${cert.validFrom} to ${cert.validTo})`;
      if (this.cas.some((ca) => ca.checkIssued(cert) && cert.verify(ca.publicKey))) return undefined;
      // A self-signed certificate is its own issuerCertificate: the end of the chain.
      current = current.issuerCertificate === current || current.issuerCertificate?.raw?.equals(current.raw) ? undefined : current.issuerCertificate;
    }
    return 'does not chain to a configured client CA (server.tls.clientCaFiles)';
  }
}
