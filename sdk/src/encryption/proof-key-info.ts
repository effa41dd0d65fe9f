/**
 * The `ds:KeyInfo` of a holder-of-key confirmation (SAML 2.0 core section 2.4.1.3 KeyInfoConfirmationDataType;
 * SAML 1.1 core section 2.4.1.1): a symmetric proof key as an `xenc:EncryptedKey` to the relying party
 * (XML Encryption 1.1 section 3.5.1), a public key as the requester's certificate (`ds:X509Data`) or its
 * key value (`ds:RSAKeyValue`, XML Signature section 4.5.2.2; `dsig11:ECKeyValue`, XML Signature 1.1
 * section 4.5.2.3).
 * @public
 */
import type { KeyObject } from 'node:crypto';
import type { ProofKey } from '../trust-types.js';
import { el, type XmlNode } from '../xml/xml-builder.js';
import { NS } from '../xml/namespaces.js';
import { encryptKey } from './encrypt-key.js';

/** XML Signature 1.1 namespace (ECKeyValue). */
const DSIG11 = 'http://www.w3.org/2009/xmldsig11#';

/** Named curves by JWK `crv`, as the OID URNs ECKeyValue names them (RFC 4055 / SEC 2). */
const CURVE_URI: Readonly<Record<string, string>> = Object.freeze({
  'P-256': 'urn:oid:1.2.840.10045.3.1.7',
  'P-384': 'urn:oid:1.3.132.0.34',
  'P-521': 'urn:oid:1.3.132.0.35',
});

/** `<ds:KeyInfo>` naming `proofKey`, declaring its own `ds` prefix. @public */
export function proofKeyInfo(proofKey: ProofKey): XmlNode {
  const content = proofKey.type === 'symmetric'
    ? encryptKey(proofKey.key, proofKey.recipient)
    : proofKey.certificate
      ? el('ds:X509Data', {}, [el('ds:X509Certificate', {}, [proofKey.certificate.raw.toString('base64')])])
      : keyValue(proofKey.publicKey);
  return el('ds:KeyInfo', { xmlns: { ds: NS.ds } }, [content]);
}

function keyValue(key: KeyObject): XmlNode {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty === 'RSA') {
    return el('ds:KeyValue', {}, [
      el('ds:RSAKeyValue', {}, [el('ds:Modulus', {}, [b64(jwk.n!)]), el('ds:Exponent', {}, [b64(jwk.e!)])]),
    ]);
  }
  const curve = jwk.kty === 'EC' ? CURVE_URI[jwk.crv ?? ''] : undefined;
  if (curve === undefined) throw new TypeError(`no KeyValue form for a ${key.asymmetricKeyType ?? 'unknown'} key`);
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
  return el('ds:KeyValue', {}, [
    el('dsig11:ECKeyValue', { xmlns: { dsig11: DSIG11 } }, [el('dsig11:NamedCurve', { URI: curve }), el('dsig11:PublicKey', {}, [point.toString('base64')])]),
  ]);
}

/** base64url (JWK) to base64 (XML Signature's ds:CryptoBinary). */
function b64(value: string): string {
  return Buffer.from(value, 'base64url').toString('base64');
}
