/**
 * The certificates a client certificate must be issued by, read once when the processor is created.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { keyStrengthProblem, type KeyMinimums } from './key-strength-problem.js';
import { parseCertificateTime } from './parse-certificate-time.js';
import { parseNodeDistinguishedName } from './parse-node-distinguished-name.js';

/** One trusted certificate. @public */
export interface TrustAnchor {
  /** The file it was read from, as configured. */
  readonly file: string;
  readonly certificate: X509Certificate;
  /** The subject DN in RFC 4514 form, for the log. */
  readonly subjectDn: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Issuer and subject are the same and the certificate verifies with its own key. */
  readonly selfSigned: boolean;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END \1-----/g;

/**
 * Reads the PEM files. Each holds one or more `CERTIFICATE` blocks and nothing else that looks like PEM;
 * every certificate must be a CA (basicConstraints cA) or self-signed, and carry a key that meets the
 * minimums. A relative path resolves against the working directory of the STS process.
 * @throws Error naming the file and the problem.
 * @public
 */
export function loadTrustAnchors(files: readonly string[], minimums: KeyMinimums): TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(process.cwd(), file), 'utf8');
    } catch (error) {
      throw new Error(`trust anchor file ${file} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    const blocks = [...text.matchAll(PEM_BLOCK)];
    if (blocks.length === 0) throw new Error(`trust anchor file ${file} holds no PEM certificate`);
    if (blocks.length !== text.split('-----BEGIN ').length - 1) throw new Error(`trust anchor file ${file} holds a PEM block that cannot be read`);
    for (const [, label, body] of blocks) {
      if (label !== 'CERTIFICATE') throw new Error(`trust anchor file ${file} holds a ${label} block; only certificates belong there`);
      anchors.push(readAnchor(file, Buffer.from(body!.replace(/\s/g, ''), 'base64'), minimums));
    }
  }
  return anchors;
}

function readAnchor(file: string, der: Buffer, minimums: KeyMinimums): TrustAnchor {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch (error) {
    throw new Error(`trust anchor file ${file} holds a certificate that cannot be parsed`, { cause: error });
  }
  if (!certificate.raw.equals(der)) throw new Error(`trust anchor file ${file} holds bytes after a certificate's DER`);
  const subjectDn = parseNodeDistinguishedName(certificate.subject).rfc4514;
  // Not checkIssued(itself): OpenSSL's X509_check_issued also demands keyCertSign when the certificate has a
  // keyUsage extension, which a pinned client certificate (digitalSignature only) rightly lacks.
  const selfSigned = certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey);
  if (!certificate.ca && !selfSigned) {
    throw new Error(`trust anchor ${subjectDn} in ${file} is neither a CA certificate nor self-signed`);
  }
  const weak = keyStrengthProblem(certificate.publicKey, minimums);
  if (weak) throw new Error(`trust anchor ${subjectDn} in ${file} has a weak key: ${weak}`);
  return Object.freeze({
    file,
    certificate,
    subjectDn,
    notBefore: parseCertificateTime(certificate.validFrom),
    notAfter: parseCertificateTime(certificate.validTo),
    selfSigned,
  });
}
