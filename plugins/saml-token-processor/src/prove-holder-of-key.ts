/**
 * Proof of possession for a SAML 2.0 holder-of-key assertion presented in the Security header (SAML V2.0
 * Holder-of-Key Assertion Profile; WSS SAML Token Profile 1.1 section 3.5; security-rules.md section 1 row 31):
 * the message carries one signature, made with the key in the assertion's KeyInfoConfirmationData (an X.509
 * certificate or an RSA key value of 2048 bits or more), whose SecurityTokenReference names this assertion by
 * a `#SAMLID` KeyIdentifier, and which covers the Body and the Timestamp (`verifyMessageSignature`). A
 * symmetric proof key (an EncryptedKey) cannot be proven here: it is encrypted to the relying party, not to us.
 * Every failure is `InvalidSecurityTokenError`.
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { InvalidSecurityTokenError, quoteForLog, type ReceivedToken } from '@sts/sdk';
import { NS, verifyMessageSignature, type VerifiedMessageSignature, type XmlElementData } from '@sts/sdk/xml';
import type { SignedAssertion } from './signed-assertion.js';

const MIN_RSA_BITS = 2048;

/** Verifies the message signature by the confirmation key; returns it for the message replay cache. */
export function proveHolderOfKey(token: ReceivedToken, assertion: SignedAssertion, holderOfKeyMethod: string): VerifiedMessageSignature {
  if (assertion.version !== '2.0') throw new InvalidSecurityTokenError('holder-of-key is proven for SAML 2.0 assertions only');
  if (token.source !== 'security-header' || token.message === undefined) {
    throw new InvalidSecurityTokenError('a holder-of-key assertion must come in the Security header of a message signed with its key');
  }
  const confirmations = assertion.confirmations.filter((c) => c.method === holderOfKeyMethod);
  if (confirmations.length !== 1) throw new InvalidSecurityTokenError(`${confirmations.length} holder-of-key confirmations; one is required`);
  const keyInfo = confirmations[0]!.keyInfo;
  if (keyInfo === undefined) throw new InvalidSecurityTokenError('the holder-of-key confirmation has no single ds:KeyInfo');
  const key = confirmationKey(keyInfo);
  try {
    const verified = verifyMessageSignature(token.message.xml, {
      soapVersion: token.message.soapVersion,
      signingToken: 'saml2-holder-of-key',
      resolveKey: (reference) => {
        if (reference.reference !== assertion.id) throw new Error(`the signature names assertion ${quoteForLog(reference.reference)}, not this one`);
        return key;
      },
    });
    if (verified.bstId !== assertion.id) throw new Error('the signature was made for another assertion');
    return verified;
  } catch (error) {
    throw new InvalidSecurityTokenError(`holder-of-key not proven: ${quoteForLog((error as Error).message, 200)}`, { cause: error });
  }
}

/** The public key of a KeyInfo holding one ds:X509Data/ds:X509Certificate or one ds:KeyValue/ds:RSAKeyValue. */
function confirmationKey(keyInfo: XmlElementData): KeyObject {
  const [only, ...rest] = keyInfo.children;
  if (!only || rest.length > 0 || only.namespaceUri !== NS.ds) throw new InvalidSecurityTokenError('the holder-of-key KeyInfo must hold one X509Data or KeyValue');
  let key: KeyObject;
  try {
    if (only.localName === 'X509Data') {
      const certificates = only.children.filter((c) => c.namespaceUri === NS.ds && c.localName === 'X509Certificate');
      if (certificates.length !== 1) throw new Error('X509Data must hold one X509Certificate');
      key = new X509Certificate(Buffer.from(base64(certificates[0]!.text), 'base64')).publicKey;
    } else if (only.localName === 'KeyValue') {
      const rsa = only.children.length === 1 && only.children[0]!.namespaceUri === NS.ds && only.children[0]!.localName === 'RSAKeyValue' ? only.children[0]! : undefined;
      if (!rsa) throw new Error('KeyValue must hold one RSAKeyValue');
      const part = (name: string) => rsa.children.find((c) => c.namespaceUri === NS.ds && c.localName === name);
      const n = part('Modulus');
      const e = part('Exponent');
      if (!n || !e || rsa.children.length !== 2) throw new Error('RSAKeyValue must hold Modulus and Exponent');
      key = createPublicKey({ key: { kty: 'RSA', n: Buffer.from(base64(n.text), 'base64').toString('base64url'), e: Buffer.from(base64(e.text), 'base64').toString('base64url') }, format: 'jwk' });
    } else {
      throw new Error(`${only.localName} is not X509Data or KeyValue`);
    }
  } catch (error) {
    throw new InvalidSecurityTokenError(`the holder-of-key key cannot be read: ${quoteForLog((error as Error).message, 120)}`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new InvalidSecurityTokenError(`the holder-of-key key is not RSA of ${MIN_RSA_BITS} bits or more`);
  }
  return key;
}

function base64(text: string): string {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) throw new Error('not base64');
  return compact;
}
