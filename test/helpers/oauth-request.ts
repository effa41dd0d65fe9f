/**
 * Requests to the OAuth face of a test STS, and the demo client's credentials (demo/sts.config.json).
 */
import type { TestSts } from './start-test-sts.js';

export const TOKEN_PATH = '/as/token.oauth2';
export const DEMO_CLIENT = { id: 'demo-client', secret: 'demo-secret' } as const;
export const TokenTypeUri = {
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  saml2: 'urn:ietf:params:oauth:token-type:saml2',
  saml1: 'urn:ietf:params:oauth:token-type:saml1',
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
} as const;
export const Grant = {
  tokenExchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
  jwtBearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  saml2Bearer: 'urn:ietf:params:oauth:grant-type:saml2-bearer',
} as const;

export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

export interface OAuthResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: Record<string, any>;
}

/** POSTs a form; `params` as pairs so a test can repeat one. Basic auth with the demo client unless `authorization` says otherwise (null: none). */
export async function tokenRequest(
  t: TestSts,
  params: Record<string, string> | [string, string][],
  options: { authorization?: string | null; contentType?: string; body?: string; path?: string } = {},
): Promise<OAuthResponse> {
  const pairs = Array.isArray(params) ? params : Object.entries(params);
  const authorization = options.authorization === undefined ? basic(DEMO_CLIENT.id, DEMO_CLIENT.secret) : options.authorization;
  const res = await fetch(`${t.base}${options.path ?? TOKEN_PATH}`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', ...(authorization === null ? {} : { authorization }) },
    body: options.body ?? new URLSearchParams(pairs).toString(),
  });
  const text = await res.text();
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the test asserts on text
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A token-exchange request for the demo partner from a subject token. */
export function exchangeParams(subjectToken: string, subjectTokenType: string, more: Record<string, string> = {}): Record<string, string> {
  return { grant_type: Grant.tokenExchange, subject_token: subjectToken, subject_token_type: subjectTokenType, audience: 'urn:example:sp', ...more };
}
