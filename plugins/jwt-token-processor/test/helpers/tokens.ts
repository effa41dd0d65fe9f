import { randomUUID } from 'node:crypto';
/**
 * Building tokens for the tests: valid ones signed with jose, hand-built ones (for headers and JSON that
 * jose would not write) signed with node:crypto, and the BinarySecurityToken a client would send.
 */
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { TokenType, type ReceivedToken } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';
import { BASE64_BINARY } from '../../src/read-compact-jwt.js';

/** The instant every test runs at (the processor's clock). */
export const T0 = new Date('2026-11-28T06:00:00.000Z');
export const T0_SECONDS = T0.getTime() / 1000;

export const ISSUER = 'https://idp.example.com';
/** The first of the mock STS identity's audiences (TEST_STS_IDENTITY). */
export const AUDIENCE = 'urn:test:sts';

/** The claims of a valid token, issued at T0 for an hour. */
export function validClaims(): JWTPayload {
  return {
    iss: ISSUER,
    sub: 'joe',
    aud: AUDIENCE,
    iat: T0_SECONDS,
    nbf: T0_SECONDS,
    exp: T0_SECONDS + 3600,
    // A fresh id per token: the processor accepts a jti once (replay cache).
    jti: `token-${randomUUID()}`,
    mail: 'joe@example.com',
    groups: ['admins', 'users'],
  };
}

/** Changes to apply to the valid claims; `undefined` removes a claim. */
export type ClaimChanges = Record<string, unknown>;

function apply(base: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

/** Signs the valid claims with `changes` applied, with jose; the header is RS256/JWT/kid rsa-1 plus `header`. */
export async function signJwt(
  key: KeyObject,
  changes: ClaimChanges = {},
  header: Partial<JWTHeaderParameters> & Record<string, unknown> = {},
): Promise<string> {
  const protectedHeader = apply({ alg: 'RS256', typ: 'JWT', kid: 'rsa-1' }, header) as JWTHeaderParameters;
  return new SignJWT(apply(validClaims(), changes) as JWTPayload).setProtectedHeader(protectedHeader).sign(key);
}

export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * Builds and signs a compact JWS by hand: `header` and `payload` are objects or exact JSON texts (for
 * duplicate members). The signature follows the header's alg: RS*, PS*, ES* with `key`, HS* with `secret`.
 */
export function handSign(
  header: Record<string, unknown> | string,
  payload: Record<string, unknown> | string,
  key: KeyObject | { secret: string | Buffer },
): string {
  const headerText = typeof header === 'string' ? header : JSON.stringify(header);
  const alg = (JSON.parse(headerText) as { alg: string }).alg;
  const input = `${base64url(headerText)}.${base64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  const hash = `sha${alg.slice(2)}`;
  let signature: Buffer;
  if ('secret' in key) signature = createHmac(hash, key.secret).update(input).digest();
  else if (alg.startsWith('PS')) signature = sign(hash, Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
  else if (alg.startsWith('ES')) signature = sign(hash, Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  else signature = sign(hash, Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

/** How the BinarySecurityToken carries the JWT: base64 of it (EncodingType Base64Binary), or as is. */
export type Encoding = 'base64' | 'raw' | { readonly encodingType: string; readonly text: string };

/** The ReceivedToken the kernel builds for `<wsse:BinarySecurityToken ValueType="...jwt">`. */
export function receivedToken(jwt: string, encoding: Encoding = 'base64', valueType: string = TokenType.Jwt): ReceivedToken {
  let text: string;
  const attributes: Record<string, string> = { ValueType: valueType };
  if (encoding === 'base64') {
    text = Buffer.from(jwt, 'latin1').toString('base64');
    attributes['EncodingType'] = BASE64_BINARY;
  } else if (encoding === 'raw') {
    text = jwt;
  } else {
    text = encoding.text;
    attributes['EncodingType'] = encoding.encodingType;
  }
  return {
    tokenType: TokenType.Jwt,
    source: 'security-header',
    purpose: 'use',
    valueType,
    element: { namespaceUri: NS.wsse, localName: 'BinarySecurityToken', attributes, children: [], text },
    ...(text === '' ? {} : { text }),
    context: { requestId: 'req-1', clientAddress: '127.0.0.1', endpoint: '/idp/sts.wst', soapVersion: '1.2', receivedAt: T0 },
  };
}
