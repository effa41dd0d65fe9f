/**
 * XML Encryption for generators and the kernel: element encryption (AES-256-GCM), key transport
 * (RSA-OAEP) to a recipient certificate, and the P_SHA1 key derivation of WS-Trust computed keys.
 * @public
 */
export { EncryptionAlgorithm } from './encryption-algorithms.js';
export { encryptKey } from './encrypt-key.js';
export { encryptElement } from './encrypt-element.js';
export { pSha1 } from './p-sha1.js';
export { readRecipientCertificate, recipientValidity, MIN_RSA_BITS } from './recipient-certificate.js';
export type { RecipientCertificate } from './recipient-certificate.js';
export { proofKeyInfo } from './proof-key-info.js';
