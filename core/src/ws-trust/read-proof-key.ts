/**
 * The proof-key part of an Issue RST (WS-Trust 1.3 section 9.2; 2005/02 section 11) as a protocol-neutral
 * {@link ProofKeyQuery}; the exchange applies the connection's policy to it (resolve-proof-key.ts).
 * - KeyType names bearer, SymmetricKey or PublicKey; an unknown URI is wst:InvalidRequest; none means the
 *   connection's default.
 * - SymmetricKey: KeySize (bits), Entropy holding one BinarySecret of type Nonce (strict base64),
 *   ComputedKeyAlgorithm P_SHA1 only (section 4.4.4).
 * - PublicKey: UseKey is required and holds one key: a wsse:SecurityTokenReference to the X.509
 *   BinarySecurityToken in the Security header, an inline X.509 BinarySecurityToken, or a ds:KeyInfo /
 *   ds:KeyValue with an X.509 certificate, an RSA or an EC key value. RSA keys under 2048 bits and curves
 *   other than P-256/384/521 are refused (security-rules.md section 3.2 rule 8).
 * - Proof of possession: a signed request is signed by its one Security-header token (the processor that
 *   claims the signature verifies it, read-security-header.ts); the UseKey must be that token's key, or the
 *   request is refused. An unsigned request's UseKey is unproven, which the connection may allow.
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { FailedAuthenticationError, InvalidRequestError, TokenType, quoteForLog } from '@sts/sdk';
import { MIN_RSA_BITS } from '@sts/sdk/encryption';
import { NS, type XmlDomElement } from '@sts/sdk/xml';
import type { IssueQuery, ProofKeyQuery } from '../exchange/exchange-request.js';
import type { RstRequest } from './read-rst.js';
import { elementChildren, textContent } from './soap/read-envelope.js';
import { keyTypeOf } from './trust-version.js';
import type { SecurityHeader } from './wssecurity/read-security-header.js';

const DSIG11 = 'http://www.w3.org/2009/xmldsig11#';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const EC_CURVES: ReadonlyMap<string, string> = new Map([
  ['urn:oid:1.2.840.10045.3.1.7', 'P-256'],
  ['urn:oid:1.3.132.0.34', 'P-384'],
  ['urn:oid:1.3.132.0.35', 'P-521'],
]);
const EC_CURVE_NAMES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

/** A key named by UseKey. */
interface UseKey {
  readonly publicKey: KeyObject;
  readonly certificate?: X509Certificate;
}

export function readProofKey(rst: RstRequest, security: SecurityHeader): NonNullable<IssueQuery['proofKey']> {
  const type = rst.keyType === undefined ? undefined : keyTypeOf(rst.keyType);
  if (type !== 'symmetric' && (rst.keySize !== undefined || rst.entropy !== undefined || rst.computedKeyAlgorithm !== undefined)) {
    throw new InvalidRequestError('KeySize, Entropy and ComputedKeyAlgorithm belong to a SymmetricKey request');
  }
  if (type !== 'public' && rst.useKey !== undefined) throw new InvalidRequestError('UseKey belongs to a PublicKey request');
  if (type === undefined) return 'connection-default';
  return READERS[type](rst, security);
}

const READERS: { readonly [T in ProofKeyQuery['type']]: (rst: RstRequest, security: SecurityHeader) => ProofKeyQuery } = {
  bearer: () => ({ type: 'bearer' }),
  symmetric: (rst) => {
    const algorithm = rst.computedKeyAlgorithm;
    if (algorithm !== undefined && algorithm !== rst.version.computedKeyPSha1) {
      throw new InvalidRequestError(`ComputedKeyAlgorithm ${quoteForLog(algorithm)} is not supported (P_SHA1 only)`);
    }
    if (algorithm !== undefined && rst.entropy === undefined) throw new InvalidRequestError('ComputedKeyAlgorithm without requestor Entropy');
    const keySizeBits = rst.keySize === undefined ? undefined : Number(rst.keySize);
    if (keySizeBits !== undefined && !Number.isSafeInteger(keySizeBits)) throw new InvalidRequestError('KeySize is not a number of bits');
    const requestorEntropy = rst.entropy === undefined ? undefined : readEntropy(rst.entropy, rst.version.nonceType);
    return { type: 'symmetric', ...(keySizeBits === undefined ? {} : { keySizeBits }), ...(requestorEntropy === undefined ? {} : { requestorEntropy }) };
  },
  public: (rst, security) => {
    if (rst.useKey === undefined) throw new InvalidRequestError('a PublicKey request needs a UseKey');
    const useKey = readUseKey(rst.useKey, security);
    checkKeyStrength(useKey.publicKey);
    const signer = security.signed ? signingKeyOf(security) : undefined;
    if (security.signed && (!signer || !sameKey(signer, useKey.publicKey))) {
      throw new FailedAuthenticationError('the UseKey is not the key that signed the request');
    }
    return { type: 'public', publicKey: useKey.publicKey, ...(useKey.certificate ? { certificate: useKey.certificate } : {}), proven: security.signed === true };
  },
};

/** Entropy/BinarySecret (section 3.3): a Nonce (the type WCF sends; absent means the same), strict base64. */
function readEntropy(entropy: XmlDomElement, nonceType: string): Uint8Array {
  const [secret, ...rest] = elementChildren(entropy, 'Entropy');
  if (!secret || rest.length > 0 || secret.name() !== 'BinarySecret') throw new InvalidRequestError('Entropy must hold one BinarySecret');
  const type = secret.attr('Type')?.value();
  if (type !== undefined && type !== nonceType) throw new InvalidRequestError(`Entropy of type ${quoteForLog(type)}: only a Nonce is accepted`);
  return strictBase64(textContent(secret, 'BinarySecret'), 'the Entropy BinarySecret');
}

function readUseKey(useKey: XmlDomElement, security: SecurityHeader): UseKey {
  const [child, ...rest] = elementChildren(useKey, 'UseKey');
  if (!child || rest.length > 0) throw new InvalidRequestError('UseKey must hold one element');
  const ns = child.namespace()?.href();
  const name = child.name();
  if (ns === NS.wsse && name === 'SecurityTokenReference') return referencedToken(child, security);
  if (ns === NS.wsse && name === 'BinarySecurityToken') return x509Token(child);
  if (ns === NS.ds && name === 'KeyInfo') {
    const [info, ...more] = elementChildren(child, 'ds:KeyInfo');
    if (!info || more.length > 0) throw new InvalidRequestError('the UseKey KeyInfo must hold one element');
    return keyInfoChild(info);
  }
  if (ns === NS.ds && name === 'KeyValue') return keyInfoChild(child);
  throw new InvalidRequestError(`UseKey holds ${quoteForLog(`{${ns ?? ''}}${name}`)}, not a key we read`);
}

/** A wsse:Reference to a token in the message: the Security header's X.509 token is the only one there can be. */
function referencedToken(str: XmlDomElement, security: SecurityHeader): UseKey {
  const [reference, ...rest] = elementChildren(str, 'SecurityTokenReference');
  if (!reference || rest.length > 0 || reference.namespace()?.href() !== NS.wsse || reference.name() !== 'Reference') {
    throw new InvalidRequestError('the UseKey SecurityTokenReference must hold one wsse:Reference');
  }
  const uri = reference.attr('URI')?.value() ?? '';
  const token = security.token?.element;
  const id = token?.attrs().find((a) => a.name() === 'Id' && a.namespace()?.href() === NS.wsu)?.value();
  if (!uri.startsWith('#') || token === undefined || id === undefined || uri.slice(1) !== id) {
    throw new InvalidRequestError(`UseKey refers to ${quoteForLog(uri)}, which is not a token in the message`);
  }
  return x509Token(token);
}

function x509Token(bst: XmlDomElement): UseKey {
  if (bst.namespace()?.href() !== NS.wsse || bst.name() !== 'BinarySecurityToken' || bst.attr('ValueType')?.value() !== TokenType.X509v3) {
    throw new InvalidRequestError('the UseKey token is not an X.509 v3 BinarySecurityToken');
  }
  return certificateKey(strictBase64(textContent(bst, 'BinarySecurityToken').replace(/\s+/g, ''), 'the UseKey certificate'));
}

function keyInfoChild(element: XmlDomElement): UseKey {
  const ns = element.namespace()?.href();
  if (ns === NS.ds && element.name() === 'X509Data') {
    const certs = elementChildren(element, 'ds:X509Data').filter((c) => c.namespace()?.href() === NS.ds && c.name() === 'X509Certificate');
    if (certs.length !== 1) throw new InvalidRequestError('the UseKey X509Data must hold one X509Certificate');
    return certificateKey(strictBase64(textContent(certs[0]!, 'ds:X509Certificate').replace(/\s+/g, ''), 'the UseKey certificate'));
  }
  if (ns === NS.ds && element.name() === 'KeyValue') {
    const [value, ...rest] = elementChildren(element, 'ds:KeyValue');
    if (!value || rest.length > 0) throw new InvalidRequestError('KeyValue must hold one key');
    return { publicKey: keyValue(value) };
  }
  throw new InvalidRequestError(`the UseKey KeyInfo holds ${quoteForLog(element.name())}, not X509Data or KeyValue`);
}

/** ds:RSAKeyValue (XML Signature section 4.5.2.2) or dsig11:ECKeyValue with a named curve (XML Signature 1.1 section 4.5.2.3). */
function keyValue(value: XmlDomElement): KeyObject {
  const ns = value.namespace()?.href();
  const children = elementChildren(value, value.name());
  if (children.some((c) => c.namespace()?.href() !== ns)) throw new InvalidRequestError(`${value.name()} holds an element of another namespace`);
  const parts = new Map(children.map((c) => [c.name(), c]));
  try {
    if (ns === NS.ds && value.name() === 'RSAKeyValue' && parts.size === 2 && parts.has('Modulus') && parts.has('Exponent')) {
      const n = strictBase64(textContent(parts.get('Modulus')!, 'Modulus').replace(/\s+/g, ''), 'Modulus');
      const e = strictBase64(textContent(parts.get('Exponent')!, 'Exponent').replace(/\s+/g, ''), 'Exponent');
      return createPublicKey({ key: { kty: 'RSA', n: Buffer.from(n).toString('base64url'), e: Buffer.from(e).toString('base64url') }, format: 'jwk' });
    }
    if (ns === DSIG11 && value.name() === 'ECKeyValue' && parts.size === 2 && parts.has('NamedCurve') && parts.has('PublicKey')) {
      const crv = EC_CURVES.get(parts.get('NamedCurve')!.attr('URI')?.value() ?? '');
      if (crv === undefined) throw new InvalidRequestError('ECKeyValue names a curve we do not accept (P-256, P-384, P-521)');
      const point = strictBase64(textContent(parts.get('PublicKey')!, 'PublicKey').replace(/\s+/g, ''), 'PublicKey');
      const size = (point.length - 1) / 2;
      if (point[0] !== 4 || !Number.isInteger(size)) throw new InvalidRequestError('ECKeyValue PublicKey is not an uncompressed point');
      const x = Buffer.from(point.subarray(1, 1 + size)).toString('base64url');
      const y = Buffer.from(point.subarray(1 + size)).toString('base64url');
      return createPublicKey({ key: { kty: 'EC', crv, x, y }, format: 'jwk' });
    }
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    throw new InvalidRequestError('the UseKey key value is not a valid key', { cause: error });
  }
  throw new InvalidRequestError(`KeyValue holds ${quoteForLog(value.name())}, not RSAKeyValue or ECKeyValue`);
}

function certificateKey(der: Uint8Array): UseKey {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch (error) {
    throw new InvalidRequestError('the UseKey certificate cannot be parsed', { cause: error });
  }
  return { publicKey: certificate.publicKey, certificate };
}

function checkKeyStrength(key: KeyObject): void {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= MIN_RSA_BITS) return;
  if (key.asymmetricKeyType === 'ec' && EC_CURVE_NAMES.has(details?.namedCurve ?? '')) return;
  throw new InvalidRequestError(`the UseKey is a weak or unsupported key (${key.asymmetricKeyType ?? 'unknown'} ${details?.modulusLength ?? details?.namedCurve ?? ''}); RSA needs ${MIN_RSA_BITS} bits or more`);
}

/** The key of the Security-header token that signed the request, when it is an X.509 certificate. */
function signingKeyOf(security: SecurityHeader): KeyObject | undefined {
  const token = security.token?.element;
  if (!token || token.attr('ValueType')?.value() !== TokenType.X509v3) return undefined;
  return x509Token(token).publicKey;
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}

function strictBase64(text: string, what: string): Uint8Array {
  if (text === '' || !BASE64.test(text)) throw new InvalidRequestError(`${what} is not base64`);
  return Buffer.from(text, 'base64');
}
