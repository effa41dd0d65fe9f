/**
 * Verifies the assertion's signature with a key from configuration, never from the document (security-rules.md
 * section 1 rows 4, 13, 14, 18–21 and 31; section 6.2 "SAML signature profile"):
 *
 * 1. the issuer selects an IdP connection (`TrustedIssuers`); an unknown issuer is refused before any
 *    cryptography;
 * 2. the signature must follow the SAML profile: one Reference whose URI is `#` + the Assertion's own ID,
 *    transforms exactly enveloped-signature then exclusive c14n, allowed algorithms, KeyInfo absent or X509Data
 *    (ignored);
 * 3. it must verify with the public key of one of that connection's certificates that is valid now (a
 *    certificate outside its validity period is not tried);
 * 4. the result is the canonical signed bytes of the Assertion, the only input the rest of the processor reads,
 *    and the key that verified them (an assertion sent again is checked against it: verified-assertions.ts).
 */
import type { KeyObject } from 'node:crypto';
import { InvalidSecurityTokenError, quoteForLog, type TrustedCertificate, type TrustedIssuer, type TrustedIssuers } from '@sts/sdk';
import {
  ENVELOPED_SIGNATURE,
  EXC_C14N,
  SAML_SIGNATURE_PROFILE,
  SignatureRejectedError,
  checkSignatureStructure,
  verifySignedXml,
} from '@sts/sdk/xml';
import type { AssertionShape } from './check-assertion-shape.js';
import type { StandaloneAssertion } from './parse-standalone-assertion.js';
import type { SamlVersion } from './saml-version.js';

/** The verified signature: which connection vouched for the assertion, with which key, and what it signed. */
export interface VerifiedSignature {
  readonly connectionId: string;
  readonly issuer: string;
  /** The public key of the connection's certificate the signature verified with. */
  readonly publicKey: KeyObject;
  /** The canonical bytes of the Assertion, without its enveloped Signature. */
  readonly signedXml: string;
}

/** Verifies; throws `InvalidSecurityTokenError` with the reason (the cause keeps the signature error). */
export function verifyAssertionSignature(
  assertion: StandaloneAssertion,
  shape: AssertionShape,
  version: SamlVersion,
  trustedIssuers: TrustedIssuers,
  now: Date,
): VerifiedSignature {
  const issuer = trustedIssuers.find(shape.unverifiedIssuer);
  if (issuer === undefined) throw new InvalidSecurityTokenError(`the issuer ${quoteForLog(shape.unverifiedIssuer)} is not trusted`);

  try {
    const structure = checkSignatureStructure(shape.signature, SAML_SIGNATURE_PROFILE);
    const [reference] = structure.references;
    if (structure.references.length !== 1 || reference?.id !== shape.id) {
      throw new InvalidSecurityTokenError(`the signature does not reference the assertion's own ID ${quoteForLog(shape.id)}`);
    }
    if (reference.transforms.length !== 2 || reference.transforms[0] !== ENVELOPED_SIGNATURE || reference.transforms[1] !== EXC_C14N) {
      throw new InvalidSecurityTokenError('the signature transforms are not exactly enveloped-signature then exclusive c14n');
    }
  } catch (error) {
    if (error instanceof SignatureRejectedError) {
      throw new InvalidSecurityTokenError(`the assertion signature is refused: ${error.message}`, { cause: error });
    }
    throw error;
  }

  const usable = certificatesValidAt(issuer, now);
  if (usable.length === 0) {
    throw new InvalidSecurityTokenError(`no certificate of issuer ${JSON.stringify(issuer.issuer)} is valid now`);
  }
  let lastError: unknown;
  for (const certificate of usable) {
    try {
      const signed = verifySignedXml(assertion.xml, shape.signature, certificate.publicKey, [version.idAttribute]);
      if (signed.length !== 1) throw new SignatureRejectedError('verification', `${signed.length} signed references`);
      return { connectionId: issuer.connectionId, issuer: issuer.issuer, publicKey: certificate.publicKey, signedXml: signed[0]! };
    } catch (error) {
      // Only a refused signature means "try the next key"; anything else is a bug and must surface.
      if (!(error instanceof SignatureRejectedError)) throw error;
      lastError = error;
      // A document problem is the same for every key: trying the others would only repeat the work.
      if (error.code === 'document') break;
    }
  }
  throw new InvalidSecurityTokenError(
    `the assertion signature does not verify with any certificate of issuer ${JSON.stringify(issuer.issuer)}: ${(lastError as Error).message}`,
    { cause: lastError },
  );
}

/** The issuer's certificates whose validity period holds `now`: the only ones a signature may verify with. */
export function certificatesValidAt(issuer: TrustedIssuer, now: Date): readonly TrustedCertificate[] {
  const time = now.getTime();
  return issuer.certificates.filter((c) => c.notBefore.getTime() <= time && time <= c.notAfter.getTime());
}
