/**
 * Element encryption (XML Encryption 1.1 section 4): a fresh AES-256 key encrypts the serialized element
 * with AES-256-GCM (section 5.2.4: the CipherValue is IV || ciphertext || tag, a 96-bit IV and a 128-bit
 * tag); the key travels in the EncryptedData's KeyInfo as an EncryptedKey to the recipient. GCM, never
 * CBC: CBC's padding oracle breaks XML Encryption (Jager and Somorovsky, CCS 2011).
 * @public
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { el, type XmlNode } from '../xml/xml-builder.js';
import { NS } from '../xml/namespaces.js';
import { EncryptionAlgorithm } from './encryption-algorithms.js';
import { encryptKey } from './encrypt-key.js';
import type { RecipientCertificate } from './recipient-certificate.js';

/**
 * `<xenc:EncryptedData Type="…#Element">` for `elementXml`, a complete element that declares every
 * namespace it uses (a signed assertion), so that the decrypted octets stand alone.
 * @public
 */
export function encryptElement(elementXml: string, recipient: RecipientCertificate): XmlNode {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(elementXml, 'utf8'), cipher.final()]);
  const value = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
  return el('xenc:EncryptedData', { xmlns: { xenc: NS.xenc, ds: NS.ds }, Type: EncryptionAlgorithm.elementType }, [
    el('xenc:EncryptionMethod', { Algorithm: EncryptionAlgorithm.aes256Gcm }),
    el('ds:KeyInfo', {}, [encryptKey(key, recipient)]),
    el('xenc:CipherData', {}, [el('xenc:CipherValue', {}, [value.toString('base64')])]),
  ]);
}
