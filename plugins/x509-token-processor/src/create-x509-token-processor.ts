/**
 * The running processor: one `process()` per X.509 `wsse:BinarySecurityToken` in the Security header, in
 * this order (cheap checks first, so that a request without a trusted certificate never reaches the
 * canonicalization work of signature verification; security-rules.md section 1 row 20, section 4 step 7):
 *
 * 1. the whole message must be there (the kernel gives it because the selector sets
 *    `verifiesMessageSignature`): a certificate proves nothing without a signature made with its key;
 * 2. the token: ValueType X509v3, EncodingType Base64Binary, a wsu:Id, one DER certificate;
 * 3. the certificate: within its validity period now; key type and size; signed with an allowed algorithm
 *    (no SHA-1 or MD5); issued and signed by a trust anchor that is itself within its validity period (or,
 *    with `allowSelfSigned`, itself a self-signed anchor); the DN filters;
 * 4. the message signature (`verifyMessageSignature`): made with THIS certificate's key, found through the
 *    signature's SecurityTokenReference, which must name this token's wsu:Id (security-rules.md section 1
 *    row 13: the key comes from the validated certificate, never from KeyInfo), covering Body and Timestamp;
 * 5. the message replay cache (security-rules.md section 1 row 26, section 6.1 "Message replay cache";
 *    WSS4J `SignatureProcessor.testMessageReplay`): the signed Timestamp's Created, the SHA-256 of the
 *    SignatureValue bytes and the SHA-256 of the signer's public key go into the state store with an atomic
 *    insert-if-absent, for `replayWindowSeconds`; a message seen before is refused. Only a verified signature
 *    reaches the cache, so a forged request cannot fill it or lock out a genuine one.
 *
 * Every refusal is `FailedAuthenticationError` (WS-Trust 1.3 section 11 `wst:FailedAuthentication`): an
 * untrusted, expired or weak certificate and a bad or missing signature look the same on the wire; the
 * message is for the log.
 */
import {
  quoteForLog,
  FailedAuthenticationError,
  type Clock,
  type Logger,
  type ProcessedToken,
  type ReceivedToken,
  type StateStore,
  type TokenProcessor,
} from '@sts/sdk';
import { verifyMessageSignature, type VerifiedMessageSignature } from '@sts/sdk/xml';
import { createHash, type X509Certificate } from 'node:crypto';
import { certificateAttributes } from './certificate-attributes.js';
import { CERTIFICATE_SIGNATURE_ALGORITHMS, certificateSignatureAlgorithm } from './certificate-signature-algorithm.js';
import { compileDnPattern } from './compile-dn-pattern.js';
import type { X509TokenProcessorConfig } from './config-schema.js';
import { CertificateCache, type ParsedCertificate } from './certificate-cache.js';
import { decodeBinarySecurityToken } from './decode-binary-security-token.js';
import { keyStrengthProblem } from './key-strength-problem.js';
import { parseCertificateTime } from './parse-certificate-time.js';
import { parseNodeDistinguishedName, type DistinguishedName } from './parse-node-distinguished-name.js';
import { parseSubjectAltName, type AlternativeName } from './parse-subject-alt-name.js';
import { loadTrustAnchors, type TrustAnchor } from './trust-anchor.js';

/** The state-store namespace of the message replay cache (security-rules.md section 6.1). @public */
export const MESSAGE_REPLAY_NAMESPACE = 'x509-message';

/** What `create()` gets from the kernel. @public */
export interface X509TokenProcessorContext {
  readonly config: Readonly<X509TokenProcessorConfig>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly stateStore: StateStore;
}

/** Reads the trust anchors and compiles the DN filters (throwing an Error that names the problem). @public */
export function createX509TokenProcessor(context: X509TokenProcessorContext): TokenProcessor {
  const { config, logger, clock, stateStore } = context;
  const minimums = { rsaBits: config.minRsaBits, ecBits: config.minEcBits };
  const anchors = loadTrustAnchors(config.trustAnchors, minimums);
  const subjectFilter = compileDnPattern('subjectDnPattern', config.subjectDnPattern);
  const issuerFilter = compileDnPattern('issuerDnPattern', config.issuerDnPattern);
  const now = clock.now();
  for (const anchor of anchors) {
    if (!withinValidity(anchor, now)) {
      logger.warn({ anchor: anchor.subjectDn, file: anchor.file, notBefore: anchor.notBefore, notAfter: anchor.notAfter }, 'trust anchor is outside its validity period; certificates it issued are refused');
    }
  }
  logger.info({ anchors: anchors.map((a) => a.subjectDn), allowSelfSigned: config.allowSelfSigned }, 'X.509 token processor ready');
  const certificates = new CertificateCache();

  async function processToken(token: ReceivedToken): Promise<ProcessedToken> {
    const message = token.message;
    if (!message) throw refuse('no message to verify a signature over: an X.509 token is accepted only as the key of a message signature');
    const { certificate: parsed, id } = decodeBinarySecurityToken(token, certificates);
    const { certificate, publicKey } = parsed;
    const subject = (parsed.subject ??= readName(certificate.subject, 'subject'));
    const issuer = (parsed.issuer ??= readName(certificate.issuer, 'issuer'));
    const who = `certificate ${JSON.stringify(subject.rfc4514)} (serial ${certificate.serialNumber})`;

    const time = clock.now();
    const notBefore = (parsed.notBefore ??= readTime(certificate.validFrom, who));
    const notAfter = (parsed.notAfter ??= readTime(certificate.validTo, who));
    if (time < notBefore) throw refuse(`${who} is not valid before ${notBefore.toISOString()}`);
    if (time > notAfter) throw refuse(`${who} expired at ${notAfter.toISOString()}`);

    const weak = keyStrengthProblem(publicKey, minimums);
    if (weak) throw refuse(`${who} has a refused key: ${weak}`);
    const algorithm = (parsed.algorithm ??= readSignatureAlgorithm(certificate, who));
    if (CERTIFICATE_SIGNATURE_ALGORITHMS[algorithm] === undefined) {
      throw refuse(`${who} is signed with algorithm ${algorithm}, which is not allowed (no SHA-1 or MD5)`);
    }

    const anchor = issuingAnchor(parsed, who, time);
    if (subject.rfc4514 === '') throw refuse(`${who} has an empty subject DN`);
    if (subjectFilter && !subjectFilter.test(subject.rfc4514)) throw refuse(`${who}: subject DN does not match subjectDnPattern`);
    if (issuerFilter && !issuerFilter.test(issuer.rfc4514)) {
      throw refuse(`${who}: issuer DN ${JSON.stringify(issuer.rfc4514)} does not match issuerDnPattern`);
    }
    const alternativeNames = (parsed.alternativeNames ??= readAlternativeNames(certificate, who));

    let verified: VerifiedMessageSignature;
    try {
      verified = verifyMessageSignature(message.xml, {
        soapVersion: message.soapVersion,
        // The key of THIS token, and only for a reference to THIS token (X.509 Token Profile 1.1 section 3.2).
        resolveKey: (reference) => {
          if (reference.reference !== id) {
            throw new Error(`the signature's SecurityTokenReference names ${quoteForLog(reference.reference)}, not this token (${quoteForLog(id)})`);
          }
          return publicKey;
        },
      });
      if (verified.bstId !== id) throw new Error(`the signature was made with token ${quoteForLog(verified.bstId)}, not this token (${quoteForLog(id)})`);
    } catch (error) {
      throw refuse(`${who}: message signature refused: ${(error as Error).message}`, error);
    }
    const { signedParts } = verified;

    // The key is the signer's public key, not the certificate: a captured request whose (unsigned)
    // BinarySecurityToken is swapped for another certificate of the same key is still the same message.
    const replayKey = [
      verified.timestampCreated,
      sha256(Buffer.from(verified.signatureValue, 'base64')),
      parsed.publicKeySha256,
    ].join('\u0000');
    if (!(await stateStore.putIfAbsent(MESSAGE_REPLAY_NAMESPACE, replayKey, config.replayWindowSeconds))) {
      throw refuse(`${who}: message replay: this signed message (Timestamp Created ${verified.timestampCreated}) was accepted before`);
    }

    logger.debug({ subject: subject.rfc4514, anchor: anchor.subjectDn, signedParts }, 'X.509 client certificate and message signature accepted');
    return {
      subject: subject.rfc4514,
      attributes: (parsed.attributes ??= certificateAttributes(certificate, subject, issuer, alternativeNames)),
      authnContext: config.authnContext,
      authnInstant: time,
    };
  }

  /**
   * The anchor that vouches for the certificate. A single BinarySecurityToken (#X509v3) carries no
   * intermediates, so the certificate must be signed directly by an anchor: OpenSSL's `X509_check_issued`
   * (issuer name = anchor subject, key identifiers and the anchor's keyCertSign usage when present) and the
   * signature itself. A certificate that IS an anchor is accepted only with `allowSelfSigned`, and only if
   * it is self-signed (a pinned client certificate).
   */
  function issuingAnchor(parsed: ParsedCertificate, who: string, time: Date): TrustAnchor {
    const { certificate } = parsed;
    const pinned = anchors.find((a) => a.certificate.raw.equals(certificate.raw));
    if (pinned) {
      if (!config.allowSelfSigned) throw refuse(`${who} is itself a trust anchor; set allowSelfSigned to accept it as a client certificate`);
      if (!pinned.selfSigned) throw refuse(`${who} is a trust anchor but not self-signed`);
      return pinned;
    }
    parsed.issuers ??= anchors.filter((a) => certificate.checkIssued(a.certificate) && certificate.verify(a.certificate.publicKey));
    const issuers = parsed.issuers;
    if (issuers.length === 0) throw refuse(`${who} is not issued by a trust anchor (issuer ${JSON.stringify(readName(certificate.issuer, 'issuer').rfc4514)})`);
    const valid = issuers.find((a) => withinValidity(a, time));
    if (!valid) throw refuse(`${who} is issued by trust anchor ${JSON.stringify(issuers[0]!.subjectDn)}, which is outside its validity period`);
    return valid;
  }

  return { process: processToken };
}

function withinValidity(anchor: TrustAnchor, time: Date): boolean {
  return anchor.notBefore <= time && time <= anchor.notAfter;
}

function readName(printed: string | undefined, which: string): DistinguishedName {
  try {
    return parseNodeDistinguishedName(printed ?? '');
  } catch (error) {
    throw refuse(`cannot read the certificate's ${which} DN: ${(error as Error).message}`, error);
  }
}

function readTime(printed: string, who: string): Date {
  try {
    return parseCertificateTime(printed);
  } catch (error) {
    throw refuse(`${who}: ${(error as Error).message}`, error);
  }
}

function readSignatureAlgorithm(certificate: X509Certificate, who: string): string {
  try {
    return certificateSignatureAlgorithm(certificate.raw);
  } catch (error) {
    throw refuse(`${who}: cannot read the signature algorithm: ${(error as Error).message}`, error);
  }
}

function readAlternativeNames(certificate: X509Certificate, who: string): AlternativeName[] {
  try {
    return parseSubjectAltName(certificate.subjectAltName);
  } catch (error) {
    throw refuse(`${who}: cannot read subjectAltName: ${(error as Error).message}`, error);
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function refuse(message: string, cause?: unknown): FailedAuthenticationError {
  return new FailedAuthenticationError(message, cause === undefined ? {} : { cause });
}
