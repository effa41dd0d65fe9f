/**
 * Key transport (XML Encryption 1.1 section 3.5.1): a symmetric key encrypted with RSA-OAEP to a recipient
 * certificate, as an `xenc:EncryptedKey` whose `ds:KeyInfo` names that certificate (so the recipient can pick
 * its private key).
 * @public
 */
import { constants, publicEncrypt } from 'node:crypto';
import { el, type XmlNode } from '../xml/xml-builder.js';
import { NS } from '../xml/namespaces.js';
import { EncryptionAlgorithm } from './encryption-algorithms.js';
import type { RecipientCertificate } from './recipient-certificate.js';

/**
 * `<xenc:EncryptedKey>` holding `key` encrypted to `recipient` with rsa-oaep-mgf1p. The element declares its
 * own `xenc` and `ds` prefixes, so it can be placed anywhere (an EncryptedData's KeyInfo, a SAML
 * SubjectConfirmationData's KeyInfo).
 * @public
 */
export function encryptKey(key: Uint8Array, recipient: RecipientCertificate): XmlNode {
  const cipher = publicEncrypt({ key: recipient.certificate.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, key);
  return el('xenc:EncryptedKey', { xmlns: { xenc: NS.xenc, ds: NS.ds } }, [
    el('xenc:EncryptionMethod', { Algorithm: EncryptionAlgorithm.rsaOaepMgf1p }, [el('ds:DigestMethod', { Algorithm: EncryptionAlgorithm.sha1Digest })]),
    el('ds:KeyInfo', {}, [el('ds:X509Data', {}, [el('ds:X509Certificate', {}, [recipient.base64Der])])]),
    el('xenc:CipherData', {}, [el('xenc:CipherValue', {}, [cipher.toString('base64')])]),
  ]);
}
