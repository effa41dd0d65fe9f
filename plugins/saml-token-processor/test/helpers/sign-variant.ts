import { SignedXml } from 'xml-crypto';
import type { SigningKey } from '@sts/sdk';
import { DigestAlgorithm, ENVELOPED_SIGNATURE, EXC_C14N, SignatureAlgorithm } from '@sts/sdk/xml';

/** What a variant signature changes against the one our signer makes. */
export interface SignatureVariant {
  readonly signatureAlgorithm?: string;
  readonly digestAlgorithm?: string;
  readonly transforms?: readonly string[];
  /** XPaths of the referenced elements (default: the root only). */
  readonly references?: readonly string[];
  /** `ds:Object` contents. */
  readonly objects?: readonly string[];
  /** KeyInfo content. */
  readonly keyInfo?: string;
}

/**
 * Signs a SAML 2.0 assertion with xml-crypto directly, placed after Issuer like our signer places it, so that a
 * test can change exactly one property of the signature (an algorithm, a Reference, a transform, a ds:Object).
 */
export function signVariant(xml: string, key: SigningKey, variant: SignatureVariant = {}): string {
  const signer = new SignedXml({
    privateKey: key.privateKey,
    signatureAlgorithm: variant.signatureAlgorithm ?? SignatureAlgorithm.RsaSha256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: variant.keyInfo === undefined ? SignedXml.noop : () => variant.keyInfo!,
    ...(variant.objects ? { objects: variant.objects.map((content) => ({ content })) } : {}),
  });
  signer.idAttributes = ['ID'];
  for (const xpath of variant.references ?? ['/*']) {
    signer.addReference({
      xpath,
      transforms: [...(variant.transforms ?? [ENVELOPED_SIGNATURE, EXC_C14N])],
      digestAlgorithm: variant.digestAlgorithm ?? DigestAlgorithm.Sha256,
    });
  }
  signer.computeSignature(xml, { prefix: 'ds', location: { reference: '/*/*[1]', action: 'after' } });
  return signer.getSignedXml();
}
