/**
 * Throw-away certificates for the tests, made with @peculiar/x509 (the pattern of the SDK's
 * create-self-signed-key.ts): a CA, a second CA nobody trusts, and client certificates issued by them.
 * Keys are generated once per test run (RSA generation is the slow part) and shared.
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { createPrivateKey, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** A certificate with its key, in the forms the tests need. @public */
export interface TestCertificate {
  readonly pem: string;
  readonly der: Buffer;
  readonly privateKey: KeyObject;
  readonly privateKeyPem: string;
  readonly certificate: x509.X509Certificate;
  readonly keys: webcrypto.CryptoKeyPair;
}

/** Every certificate the tests use. @public */
export interface TestPki {
  readonly ca: TestCertificate;
  readonly otherCa: TestCertificate;
  /** Issued by `ca`, valid now, RSA 2048, with email, DNS and UPN alternative names. */
  readonly client: TestCertificate;
  /** Self-signed, not a CA, valid now. */
  readonly selfSigned: TestCertificate;
  /** Issued by `ca`, expired a day before {@link NOW}. */
  readonly expired: TestCertificate;
  /** Issued by `ca`, valid, RSA 1024. */
  readonly weak: TestCertificate;
  /** Issued by `otherCa`, with the same subject as `client`. */
  readonly foreign: TestCertificate;
  /** Names `ca` as its issuer (same DN) but is signed with `otherCa`'s key: a cloned issuer name. */
  readonly impostor: TestCertificate;
  /** An attacker's key pair with a self-signed certificate (for signing with a key other than the BST's). */
  readonly attacker: TestCertificate;
  /** Issued by `ca`, valid, but the CA signed it with SHA-1. */
  readonly sha1Signed: TestCertificate;
  /** A CA whose validity ended a day before {@link NOW}. */
  readonly expiredCa: TestCertificate;
  /** Issued by `expiredCa`, itself valid now. */
  readonly clientOfExpiredCa: TestCertificate;
}

/** The instant the tests run at (the processor's clock); every "valid" certificate covers it. */
export const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;

const RSA = (modulusLength: number) => ({
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength,
});

/** The DN of the client certificate, most general RDN first as it is encoded. */
export const CLIENT_DN = 'C=DE, O=Example Corp, OU=Engineering, OU=STS, CN=Alice Example';
export const CLIENT_DN_RFC4514 = 'CN=Alice Example,OU=STS,OU=Engineering,O=Example Corp,C=DE';
export const CA_DN = 'C=DE, O=Example Corp, CN=Example Test CA';
export const CA_DN_RFC4514 = 'CN=Example Test CA,O=Example Corp,C=DE';

let pki: Promise<TestPki> | undefined;

/** The shared PKI, generated on first use. @public */
export function testPki(): Promise<TestPki> {
  pki ??= generate();
  return pki;
}

async function generate(): Promise<TestPki> {
  const ca = await selfSigned(CA_DN, { ca: true });
  const otherCa = await selfSigned('C=DE, O=Evil Corp, CN=Example Test CA', { ca: true });
  const expiredCa = await selfSigned('C=DE, O=Example Corp, CN=Expired Test CA', {
    ca: true,
    notBefore: new Date(NOW.getTime() - 400 * DAY),
    notAfter: new Date(NOW.getTime() - DAY),
  });
  const client = await issued(ca, CLIENT_DN, {
    serialNumber: '0a1b2c3d',
    altNames: [
      { type: 'email', value: 'alice@example.com' },
      { type: 'dns', value: 'alice.example.com' },
      { type: 'upn', value: 'alice@corp.example.com' },
    ],
  });
  return {
    ca,
    otherCa,
    client,
    selfSigned: await selfSigned('C=DE, O=Example Corp, CN=Self Signed Alice', { ca: false }),
    expired: await issued(ca, 'C=DE, O=Example Corp, CN=Expired Alice', { notBefore: new Date(NOW.getTime() - 400 * DAY), notAfter: new Date(NOW.getTime() - DAY) }),
    weak: await issued(ca, 'C=DE, O=Example Corp, CN=Weak Alice', { modulusLength: 1024 }),
    foreign: await issued(otherCa, CLIENT_DN, {}),
    impostor: await issued({ ...otherCa, certificate: ca.certificate }, CLIENT_DN, {}),
    attacker: await selfSigned('C=DE, O=Example Corp, CN=Alice Example', { ca: false }),
    sha1Signed: await issued(ca, 'C=DE, O=Example Corp, CN=SHA1 Alice', { signatureHash: 'SHA-1' }),
    expiredCa,
    clientOfExpiredCa: await issued(expiredCa, 'C=DE, O=Example Corp, CN=Orphan Alice', {}),
  };
}

interface CertificateOptions {
  readonly modulusLength?: number;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly serialNumber?: string;
  readonly altNames?: readonly x509.JsonGeneralName[];
  readonly subjectKey?: TestCertificate;
  /** Hash of the issuer's signature over the certificate (default SHA-256). */
  readonly signatureHash?: string;
}

/** A self-signed certificate; `ca` adds basicConstraints cA and keyCertSign. @public */
export async function selfSigned(name: string | x509.Name, options: CertificateOptions & { readonly ca: boolean }): Promise<TestCertificate> {
  const algorithm = RSA(options.modulusLength ?? 2048);
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: options.serialNumber ?? randomSerial(),
    name,
    notBefore: options.notBefore ?? new Date(NOW.getTime() - 30 * DAY),
    notAfter: options.notAfter ?? new Date(NOW.getTime() + 365 * DAY),
    signingAlgorithm: algorithm,
    keys,
    extensions: options.ca
      ? [
          new x509.BasicConstraintsExtension(true, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ]
      : [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return await wrap(certificate, keys);
}

/** A client certificate issued (signed) by `issuer`. @public */
export async function issued(issuer: TestCertificate, name: string, options: CertificateOptions): Promise<TestCertificate> {
  const algorithm = RSA(options.modulusLength ?? 2048);
  const keys = options.subjectKey?.keys ?? ((await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: options.serialNumber ?? randomSerial(),
    subject: name,
    issuer: issuer.certificate.subjectName,
    notBefore: options.notBefore ?? new Date(NOW.getTime() - 30 * DAY),
    notAfter: options.notAfter ?? new Date(NOW.getTime() + 365 * DAY),
    signingAlgorithm: { ...RSA(2048), hash: options.signatureHash ?? 'SHA-256' },
    publicKey: keys.publicKey,
    // WebCrypto binds the hash to the key, so another hash needs the issuer's key imported again with it.
    signingKey: options.signatureHash === undefined ? issuer.keys.privateKey : await rehash(issuer, options.signatureHash),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
      ...(options.altNames ? [new x509.SubjectAlternativeNameExtension([...options.altNames])] : []),
    ],
  });
  return await wrap(certificate, keys);
}

async function rehash(issuer: TestCertificate, hash: string): Promise<webcrypto.CryptoKey> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', issuer.keys.privateKey);
  return await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
}

async function wrap(certificate: x509.X509Certificate, keys: webcrypto.CryptoKeyPair): Promise<TestCertificate> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
  return Object.freeze({
    pem: `${certificate.toString('pem')}\n`,
    der: Buffer.from(certificate.rawData),
    privateKey: createPrivateKey(privateKeyPem),
    privateKeyPem,
    certificate,
    keys,
  });
}

function randomSerial(): string {
  // A positive INTEGER: the first hex digit below 8.
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1');
}
