/**
 * `signWithKeyValue()`: the forgery a pinned verifier must refuse.
 * @public
 */
import { createPublicKey } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { EnvelopedSignatureRequest, SigningKey } from '../services.js';
import { DigestAlgorithm, ENVELOPED_SIGNATURE, EXC_C14N, SignatureAlgorithm } from '../signing/signature-algorithms.js';
import { locationXPath } from '../signing/location-xpath.js';

/** What {@link signWithKeyValue} signs, and with which (attacker's) RSA key. @public */
export interface KeyValueSignatureRequest extends Pick<EnvelopedSignatureRequest, 'xml' | 'idAttribute' | 'location'> {
  readonly key: SigningKey;
}

/**
 * An attacker's signature: correct in every way (RSA-SHA256, exclusive c14n, one Reference to the root's
 * `idAttribute`, placed at `location` as our signer places it), but made with the attacker's key and carrying
 * that key in `KeyInfo/KeyValue`. A verifier that takes a key from the document accepts it; one that trusts
 * only the issuer's certificate must not (DESIGN.md, "Known traps").
 * @public
 */
export function signWithKeyValue(request: KeyValueSignatureRequest): string {
  const jwk = createPublicKey(request.key.privateKey).export({ format: 'jwk' });
  if (jwk.kty !== 'RSA') throw new TypeError(`signWithKeyValue needs an RSA key, got ${String(jwk.kty)}`);
  const b64 = (value: string | undefined): string => Buffer.from(value ?? '', 'base64url').toString('base64');
  const signature = new SignedXml({
    privateKey: request.key.privateKey,
    signatureAlgorithm: SignatureAlgorithm.RsaSha256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () =>
      `<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>`,
  });
  signature.idAttributes = [request.idAttribute];
  signature.addReference({ xpath: '/*', transforms: [ENVELOPED_SIGNATURE, EXC_C14N], digestAlgorithm: DigestAlgorithm.Sha256 });
  signature.computeSignature(String(request.xml), {
    prefix: 'ds',
    location: { reference: locationXPath(request.location), action: request.location.action },
  });
  return signature.getSignedXml();
}
