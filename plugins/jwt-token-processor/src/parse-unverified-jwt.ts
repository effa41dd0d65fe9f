/**
 * Splits a compact JWS (RFC 7515 section 7.1) and decodes its header and claims set WITHOUT verifying
 * anything. The result chooses the key set and refuses malformed or dangerous tokens early; the claims set is
 * used only once the signature over these very parts has verified (create-jwt-token-processor.ts).
 */
import { findDuplicateMember, InvalidSecurityTokenError, quoteForLog } from '@sts/sdk';

/** The decoded, unverified parts of a compact JWS. */
export interface UnverifiedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes the compact JWT's header and claims set, or throws `InvalidSecurityTokenError`. */
export function parseUnverifiedJwt(compact: string): UnverifiedJwt {
  const parts = compact.split('.');
  // RFC 7516 section 7.1: the JWE compact form has five parts. Encrypted tokens are not accepted at all,
  // which also keeps JWE "zip" decompression (CVE-2024-28176) out of reach.
  if (parts.length === 5) throw new InvalidSecurityTokenError('the JWT is a JWE (5 parts); only signed JWTs (JWS) are accepted');
  if (parts.length !== 3) throw new InvalidSecurityTokenError(`the JWT has ${parts.length} parts; a compact JWS has 3`);
  const [headerPart, payloadPart] = parts as [string, string, string];
  const header = decodeJsonPart(headerPart, 'header');
  const payload = decodeJsonPart(payloadPart, 'claims set');
  return { header, payload };
}

function decodeJsonPart(part: string, name: string): Record<string, unknown> {
  if (!BASE64URL.test(part)) throw new InvalidSecurityTokenError(`the JWT ${name} is not base64url`);
  let text: string;
  try {
    text = utf8.decode(Buffer.from(part, 'base64url'));
  } catch (error) {
    throw new InvalidSecurityTokenError(`the JWT ${name} is not UTF-8`, { cause: error });
  }
  let duplicate: string | undefined;
  let value: unknown;
  try {
    duplicate = findDuplicateMember(text);
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidSecurityTokenError(`the JWT ${name} is not JSON`, { cause: error });
  }
  if (duplicate !== undefined) throw new InvalidSecurityTokenError(`the JWT ${name} repeats the member ${quoteForLog(duplicate)}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidSecurityTokenError(`the JWT ${name} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
