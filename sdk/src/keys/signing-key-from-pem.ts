import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import type { SigningKey } from '../services.js';

/**
 * Parses a PEM private key and certificate (chain, leaf first) into a {@link SigningKey}, once.
 * Throws when the certificate does not carry the private key's public key.
 * @public
 */
export function signingKeyFromPem(kid: string, privateKeyPem: string, certificatesPem: string): SigningKey {
  const privateKey = createPrivateKey(privateKeyPem);
  const blocks = certificatesPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`key ${kid}: no certificate in the certificate file`);
  const chain = blocks.map((pem) => new X509Certificate(pem));
  const leaf = chain[0]!;
  if (!leaf.checkPrivateKey(privateKey)) throw new Error(`key ${kid}: the certificate does not match the private key`);
  return Object.freeze({
    kid,
    privateKey,
    publicKey: createPublicKey(privateKey),
    certificatePem: blocks[0]! + '\n',
    certificateChain: Object.freeze(chain.map((c) => c.raw.toString('base64'))),
  });
}
