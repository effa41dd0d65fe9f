/**
 * RFC 7662 section 2: POST the token to the authorization server's introspection endpoint, authenticated
 * with client_secret_basic (RFC 6749 section 2.3.1), within a timeout. Only `"active": true` (the JSON
 * boolean) is an active token (section 2.2); an expired exp is refused even then. The AS being unreachable
 * or answering with an error refuses the token as a server failure: nothing is accepted by default.
 */
import { InvalidSecurityTokenError, ServerFailureError } from '@sts/sdk';
import type { IntrospectionConfig } from './config-schema.js';

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface IntrospectionCall {
  readonly config: IntrospectionConfig;
  readonly clientSecret: string;
  readonly fetch: FetchFunction;
  readonly clockSkewSeconds: number;
  readonly now: Date;
}

export async function introspectToken(token: string, call: IntrospectionCall): Promise<Record<string, unknown>> {
  const form = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  const credentials = Buffer.from(`${form(call.config.clientId)}:${form(call.clientSecret)}`).toString('base64');
  let response: Response;
  try {
    response = await call.fetch(call.config.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${credentials}` },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(call.config.timeoutSeconds * 1000),
    });
  } catch (error) {
    throw new ServerFailureError(`introspection at ${call.config.endpoint} failed: ${(error as Error).message}`, { cause: error });
  }
  if (response.status !== 200) throw new ServerFailureError(`introspection at ${call.config.endpoint} answered HTTP ${response.status}`);
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch (error) {
    throw new ServerFailureError(`introspection at ${call.config.endpoint} answered no JSON`, { cause: error });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ServerFailureError('introspection answered no JSON object');
  const claims = body as Record<string, unknown>;
  if (claims['active'] !== true) throw new InvalidSecurityTokenError('the access token is not active');
  const exp = claims['exp'];
  if (exp !== undefined && (typeof exp !== 'number' || exp + call.clockSkewSeconds <= call.now.getTime() / 1000)) {
    throw new InvalidSecurityTokenError('the introspected token has expired');
  }
  return claims;
}
