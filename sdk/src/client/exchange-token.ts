/**
 * `exchangeToken()`: one RFC 8693 token exchange at an OAuth token endpoint (this STS's `/as/token.oauth2`
 * or any other), with client_secret_basic (default) or client_secret_post. Everything else OAuth (other
 * grants, private_key_jwt, discovery, refresh) is better done by a plain OAuth library: see the README.
 *
 * An RFC 6749 section 5.2 error is an answer, returned as `{ ok: false }`; a reply that is neither is an
 * {@link StsClientError}, as for the WS-Trust client.
 *
 * @example
 * ```ts
 * const r = await exchangeToken({
 *   tokenEndpoint: 'https://sts.example.com/as/token.oauth2',
 *   client: { id: 'demo-client', secret: 'demo-secret' },
 *   subjectToken: jwt, subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
 *   audience: 'urn:example:sp', requestedTokenType: 'urn:ietf:params:oauth:token-type:saml2',
 * });
 * if (r.ok) use(r.accessToken);
 * ```
 * @public
 */
import { readCappedBody } from '../http/read-capped-body.js';
import { StsClientError } from './sts-client-error.js';

/** What to exchange (RFC 8693 section 2.1). @public */
export interface ExchangeTokenRequest {
  readonly tokenEndpoint: string;
  readonly client: { readonly id: string; readonly secret: string; readonly method?: 'client_secret_basic' | 'client_secret_post' };
  readonly subjectToken: string;
  readonly subjectTokenType: string;
  readonly actorToken?: string;
  readonly actorTokenType?: string;
  readonly requestedTokenType?: string;
  readonly audience?: string;
  readonly resource?: string;
  readonly scope?: readonly string[];
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Largest reply read (default 1 MiB). */
  readonly maxResponseBytes?: number;
}

/** The answer: the issued token (RFC 8693 section 2.2.1) or the error (section 2.2.2). @public */
export type ExchangeTokenResult =
  | {
      readonly ok: true;
      readonly httpStatus: number;
      readonly accessToken: string;
      readonly issuedTokenType: string;
      readonly tokenType: string;
      readonly expiresIn?: number;
      readonly scope?: string;
    }
  | { readonly ok: false; readonly httpStatus: number; readonly error: string; readonly errorDescription?: string };

/** @public */
export async function exchangeToken(request: ExchangeTokenRequest): Promise<ExchangeTokenResult> {
  const method = request.client.method ?? 'client_secret_basic';
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: request.subjectToken,
    subject_token_type: request.subjectTokenType,
  });
  const optional: [string, string | undefined][] = [
    ['actor_token', request.actorToken],
    ['actor_token_type', request.actorTokenType],
    ['requested_token_type', request.requestedTokenType],
    ['audience', request.audience],
    ['resource', request.resource],
    ['scope', request.scope?.join(' ')],
  ];
  for (const [name, value] of optional) if (value !== undefined) form.set(name, value);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (method === 'client_secret_basic') {
    // RFC 6749 section 2.3.1: each part form-encoded before Basic.
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
    headers['authorization'] = `Basic ${Buffer.from(`${enc(request.client.id)}:${enc(request.client.secret)}`).toString('base64')}`;
  } else {
    form.set('client_id', request.client.id);
    form.set('client_secret', request.client.secret);
  }

  let response: Response;
  try {
    response = await fetch(request.tokenEndpoint, { method: 'POST', headers, body: form.toString(), redirect: 'error', signal: AbortSignal.timeout(request.timeoutMs ?? 10_000) });
  } catch (error) {
    const timedOut = (error as Error)?.name === 'TimeoutError';
    throw new StsClientError(timedOut ? 'timeout' : 'network', `${request.tokenEndpoint}: ${(error as Error).message}`, { cause: error });
  }
  const bytes = await readCappedBody(response.body, request.maxResponseBytes ?? 1_048_576);
  if (bytes === undefined) throw new StsClientError('response-too-large', 'the token response is too large', { httpStatus: response.status });
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not a JSON object');
  } catch (error) {
    throw new StsClientError('malformed-response', 'the token response is not a JSON object', { cause: error, httpStatus: response.status });
  }
  if (response.status !== 200) {
    if (typeof body['error'] !== 'string') throw new StsClientError('http-error', `HTTP ${response.status} without an OAuth error`, { httpStatus: response.status });
    return { ok: false, httpStatus: response.status, error: body['error'], ...(typeof body['error_description'] === 'string' ? { errorDescription: body['error_description'] } : {}) };
  }
  const { access_token: accessToken, issued_token_type: issuedTokenType, token_type: tokenType, expires_in: expiresIn, scope } = body;
  if (typeof accessToken !== 'string' || typeof issuedTokenType !== 'string' || typeof tokenType !== 'string') {
    throw new StsClientError('unexpected-response', 'the token response lacks access_token, issued_token_type or token_type', { httpStatus: response.status });
  }
  return {
    ok: true,
    httpStatus: response.status,
    accessToken,
    issuedTokenType,
    tokenType,
    ...(typeof expiresIn === 'number' ? { expiresIn } : {}),
    ...(typeof scope === 'string' ? { scope } : {}),
  };
}
