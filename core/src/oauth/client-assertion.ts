/**
 * private_key_jwt (RFC 7523 section 2.2 and 3; OpenID Connect Core section 9): the client authenticates with
 * a JWT it signed. Checked with jose under security-rules.md section 3.4:
 * - the algorithm allow-list is explicit (RS256, PS256, ES256), keys are the client's configured ones only;
 * - iss and sub are the client_id; aud names this token endpoint (RFC 7523 section 3 item 3);
 * - exp is required and at most `maxLifetimeSeconds` ahead, so a leaked assertion is short-lived;
 * - jti is required and accepted once until exp, in the shared state store (RFC 7523 section 3 item 7),
 *   recorded only after the signature verified, so a forged assertion cannot burn a jti;
 * - a header or claims set that repeats a member name is refused before verification (RFC 7515 section 4,
 *   RFC 7519 section 4: a parser may keep either copy, and `JSON.parse`, which jose uses, keeps the last one
 *   silently, so `{"aud":"us","aud":"them"}` could be read one way here and another elsewhere).
 */
import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import { findDuplicateMember, type StateStore } from '@sts/sdk';
import { OAuthError } from './oauth-error.js';
import type { ClientKeys } from './client-keys.js';

export const CLIENT_ASSERTION_REPLAY_NAMESPACE = 'oauth-client-assertion-jti';
const ALGORITHMS = ['RS256', 'PS256', 'ES256'];
const MAX_BYTES = 8192;
const SKEW_SECONDS = 60;

export interface ClientAssertionCheck {
  readonly clientId: string;
  readonly keys: ClientKeys;
  /** The token endpoint URLs under which clients reach us. */
  readonly audiences: readonly string[];
  readonly maxLifetimeSeconds: number;
  readonly now: Date;
  readonly stateStore: StateStore;
}

const refused = (detail: string, cause?: unknown) => new OAuthError('invalid_client', 'Client authentication failed', { detail, cause });

/** The client_id the assertion claims (iss), read before verification only to find the client's keys. */
export function assertedClientId(assertion: string): string {
  if (assertion.length > MAX_BYTES) throw refused('client assertion too large');
  let iss: unknown;
  try {
    iss = decodeJwt(assertion).iss;
  } catch (error) {
    throw refused('client assertion is not a JWT', error);
  }
  if (typeof iss !== 'string' || iss === '') throw refused('client assertion has no iss');
  return iss;
}

/** Refuses a protected header or claims set that is not one JSON object without repeated member names. */
function checkNoDuplicateMembers(assertion: string, clientId: string): void {
  const [header, claims] = assertion.split('.');
  for (const [part, segment] of [['header', header], ['claims', claims]] as const) {
    let duplicate: string | undefined;
    try {
      duplicate = findDuplicateMember(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
    } catch (error) {
      throw refused(`client assertion of ${clientId}: ${part} is not JSON`, error);
    }
    if (duplicate !== undefined) throw refused(`client assertion of ${clientId}: ${part} repeats a member name`);
  }
}

export async function verifyClientAssertion(assertion: string, check: ClientAssertionCheck): Promise<void> {
  checkNoDuplicateMembers(assertion, check.clientId);
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, check.keys as never, {
      algorithms: ALGORITHMS,
      issuer: check.clientId,
      subject: check.clientId,
      audience: [...check.audiences],
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'jti'],
      clockTolerance: SKEW_SECONDS,
      currentDate: check.now,
      crit: {},
    }));
  } catch (error) {
    const code = error instanceof joseErrors.JOSEError ? error.code : 'error';
    throw refused(`client assertion of ${check.clientId} refused (${code})`, error);
  }
  const nowSeconds = Math.floor(check.now.getTime() / 1000);
  const exp = payload.exp!;
  if (exp - nowSeconds > check.maxLifetimeSeconds) throw refused(`client assertion of ${check.clientId} lives longer than ${check.maxLifetimeSeconds} s`);
  if (typeof payload.jti !== 'string' || payload.jti === '') throw refused('client assertion jti is not a string');
  const ttl = Math.max(1, exp - nowSeconds + SKEW_SECONDS);
  if (!(await check.stateStore.putIfAbsent(CLIENT_ASSERTION_REPLAY_NAMESPACE, `${check.clientId}\u0000${payload.jti}`, ttl))) {
    throw refused(`client assertion of ${check.clientId} replayed`);
  }
}
