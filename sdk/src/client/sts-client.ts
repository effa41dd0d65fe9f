/**
 * A minimal WS-Trust client: builds the request ({@link buildIssueRequest}, {@link buildValidateRequest}),
 * POSTs it with `fetch` under a time limit, and parses the reply ({@link parseIssueResponse},
 * {@link parseValidateResponse}).
 *
 * - A SOAP fault is an answer, not an error: it is returned as `{ ok: false }` whatever the HTTP status
 *   (SOAP 1.1 section 6.2 uses 500; SOAP 1.2 Part 2 section 7.5.2.2 uses 400 or 500; AD FS uses 5xx even for
 *   a wrong password, peer-sts.md section 2.3). So is an invalid token in a Validate reply (`status.valid`
 *   false, HTTP 200).
 * - Redirects are not followed: a password or token must not be re-posted to another address.
 * - Plain `http:` is refused unless the host is loopback or `allowInsecureHttp` is set, because the request
 *   carries a password or a token.
 *
 * @example
 * ```ts
 * const client = new StsClient({ endpoint: 'https://sts.example.com/sts', trustVersion: '2005' });
 * const reply = await client.issue({ appliesTo: 'urn:federation:MicrosoftOnline', username: 'joe', password: 'secret' });
 * if (reply.ok) useToken(reply.token);
 * const signed = await client.issue({ appliesTo: 'urn:example:sp', x509: { certificatePem, privateKeyPem } });
 * const check = await client.validate({ target: receivedAssertionXml });
 * if (check.ok && check.status.valid) accept();
 * ```
 * @public
 */
import { readCappedBody } from '../http/read-capped-body.js';
import { buildIssueRequest, type IssueRequestOptions } from './build-issue-request.js';
import type { BuiltSoapRequest, IssueCredential, PasswordType } from './build-soap-request.js';
import { buildValidateRequest, type ValidateRequestOptions } from './build-validate-request.js';
import { parseIssueResponse, type IssueResponse } from './parse-issue-response.js';
import { parseValidateResponse, type ValidateResponse } from './parse-validate-response.js';
import type { SoapVersion } from './soap-version.js';
import { StsClientError } from './sts-client-error.js';
import type { TrustVersion } from './trust-version-uris.js';

/** Options of {@link StsClient}. @public */
export interface StsClientOptions {
  /** The STS endpoint URL. */
  readonly endpoint: string | URL;
  /** Default `'1.2'`. */
  readonly soapVersion?: SoapVersion;
  /** Default `'1.3'`. */
  readonly trustVersion?: TrustVersion;
  /** The fetch implementation; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Time limit for the whole exchange, reply body included; default 10000 ms. */
  readonly timeoutMs?: number;
  /** Largest reply body accepted, in bytes; default 4 MiB. */
  readonly maxResponseBytes?: number;
  /** Allow `http:` to a host that is not loopback; default false. */
  readonly allowInsecureHttp?: boolean;
  /** Clock for the request Timestamp; default `() => new Date()`. */
  readonly now?: () => Date;
}

/**
 * The caller's credential: a username and password, an X.509 certificate and its private key (the request is
 * then signed with that key: WSS 1.1 section 8, X.509 Token Profile 1.1 section 3.2; see {@link IssueCredential}),
 * or none. Every other field as in {@link IssueRequestOptions}.
 *
 * @example
 * ```ts
 * const password: StsIssueCredential = { username: 'joe', password: 'secret' };
 * const certificate: StsIssueCredential = { x509: { certificatePem, privateKeyPem } };
 * ```
 * @public
 */
export type StsIssueCredential =
  | { readonly username: string; readonly password: string; readonly passwordType?: PasswordType; readonly x509?: undefined; readonly token?: undefined }
  | {
      /** A token the caller holds, as one element that declares its own namespaces (see jwtSecurityToken). */
      readonly token: string;
      readonly username?: undefined;
      readonly password?: undefined;
      readonly passwordType?: undefined;
      readonly x509?: undefined;
    }
  | {
      readonly x509: { readonly certificatePem: string; readonly privateKeyPem: string };
      readonly token?: undefined;
      readonly username?: undefined;
      readonly password?: undefined;
      readonly passwordType?: undefined;
    }
  | { readonly username?: undefined; readonly password?: undefined; readonly passwordType?: undefined; readonly x509?: undefined; readonly token?: undefined };

/** What {@link StsClient.issue} sends. @public */
export type StsIssueRequest = Omit<IssueRequestOptions, 'endpoint' | 'soapVersion' | 'trustVersion' | 'credential' | 'now'> &
  StsIssueCredential;

/** The parsed reply and the HTTP status it came with. @public */
export type StsIssueResult = IssueResponse & { readonly httpStatus: number };

/**
 * What {@link StsClient.validate} sends: the token (`target`, one well-formed element declaring its own
 * namespaces), optionally a TokenType to exchange it for and the partner (`appliesTo`), and optionally the
 * caller's own credential (username and password, or `x509`); every other field as in {@link ValidateRequestOptions}.
 *
 * @example
 * ```ts
 * const request: StsValidateRequest = { target: assertionXml, tokenType: TokenType.Saml20, appliesTo: 'urn:example:sp' };
 * ```
 * @public
 */
export type StsValidateRequest = Omit<ValidateRequestOptions, 'endpoint' | 'soapVersion' | 'trustVersion' | 'credential' | 'now'> &
  StsIssueCredential;

/**
 * The parsed Validate reply and the HTTP status it came with.
 *
 * @example
 * ```ts
 * const result: StsValidateResult = await client.validate({ target });
 * ```
 * @public
 */
export type StsValidateResult = ValidateResponse & { readonly httpStatus: number };

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** @public */
export class StsClient {
  readonly endpoint: string;
  readonly soapVersion: SoapVersion;
  readonly trustVersion: TrustVersion;
  readonly #fetch: typeof fetch | undefined;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #now: (() => Date) | undefined;

  constructor(options: StsClientOptions) {
    const url = new URL(options.endpoint);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`endpoint must be http(s): ${url.href}`);
    if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && options.allowInsecureHttp !== true) {
      throw new TypeError(`refusing to send a password over plain http to ${url.host}; set allowInsecureHttp to override`);
    }
    this.endpoint = options.endpoint instanceof URL ? options.endpoint.href : options.endpoint;
    this.soapVersion = options.soapVersion ?? '1.2';
    this.trustVersion = options.trustVersion ?? '1.3';
    this.#fetch = options.fetch;
    this.#timeoutMs = positive(options.timeoutMs ?? 10_000, 'timeoutMs');
    this.#maxResponseBytes = positive(options.maxResponseBytes ?? 4 * 1024 * 1024, 'maxResponseBytes');
    this.#now = options.now;
  }

  /**
   * Sends one Issue request; resolves to the token or the fault, rejects with {@link StsClientError}. A
   * TypeError means the request could not be built (an `x509` key that is not the certificate's, or a
   * value XML cannot carry).
   */
  async issue(request: StsIssueRequest): Promise<StsIssueResult> {
    const { username, password, passwordType, x509, token, ...rest } = request;
    const built = buildIssueRequest({ ...rest, ...this.#common(), credential: credentialOf(username, password, passwordType, x509, token) });
    return this.#exchange(built, parseIssueResponse);
  }

  /**
   * Sends one Validate request; resolves to the status (and the exchanged token) or the fault, rejects with
   * {@link StsClientError}. A TypeError means the request could not be built (a target that is not one
   * well-formed element, an `x509` key that is not the certificate's).
   */
  async validate(request: StsValidateRequest): Promise<StsValidateResult> {
    const { username, password, passwordType, x509, token, ...rest } = request;
    const built = buildValidateRequest({ ...rest, ...this.#common(), credential: credentialOf(username, password, passwordType, x509, token) });
    return this.#exchange(built, parseValidateResponse);
  }

  #common(): Pick<IssueRequestOptions, 'endpoint' | 'soapVersion' | 'trustVersion' | 'now'> {
    return {
      endpoint: this.endpoint,
      soapVersion: this.soapVersion,
      trustVersion: this.trustVersion,
      ...(this.#now && { now: this.#now }),
    };
  }

  async #exchange<R extends { readonly ok: boolean }>(built: BuiltSoapRequest, parse: (text: string) => R): Promise<R & { readonly httpStatus: number }> {
    const headers: Record<string, string> = {
      'content-type': built.contentType,
      accept: this.soapVersion === '1.1' ? 'text/xml' : 'application/soap+xml',
    };
    if (built.soapAction !== undefined) headers['soapaction'] = built.soapAction;
    const fetchImpl = this.#fetch ?? globalThis.fetch;
    const signal = AbortSignal.timeout(this.#timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(this.endpoint, { method: 'POST', headers, body: built.body, redirect: 'manual', signal });
      text = await readBody(response, this.#maxResponseBytes);
    } catch (error) {
      throw transportError(error);
    }
    return interpret(text, response.status, response.ok, parse);
  }
}

function credentialOf(
  username: string | undefined,
  password: string | undefined,
  passwordType: PasswordType | undefined,
  x509: StsIssueCredential['x509'],
  token?: string,
): IssueCredential {
  if (token !== undefined) {
    if (username !== undefined || password !== undefined || passwordType !== undefined || x509 !== undefined) {
      throw new TypeError('give one credential: username and password, x509, or token');
    }
    return { kind: 'token', xml: token };
  }
  if (x509 !== undefined) {
    if (username !== undefined || password !== undefined || passwordType !== undefined) {
      throw new TypeError('give either username and password or x509, not both');
    }
    if (x509 === null || typeof x509 !== 'object') throw new TypeError('x509 must be { certificatePem, privateKeyPem }');
    return { kind: 'x509', certificatePem: x509.certificatePem, privateKeyPem: x509.privateKeyPem };
  }
  if (username === undefined) return { kind: 'none' };
  return { kind: 'username', username, password: password as string, ...(passwordType !== undefined && { passwordType }) };
}

function interpret<R extends { readonly ok: boolean }>(text: string, httpStatus: number, ok: boolean, parse: (text: string) => R): R & { readonly httpStatus: number } {
  let reply: R;
  try {
    reply = parse(text);
  } catch (error) {
    if (!(error instanceof StsClientError)) throw error;
    const detail = error.message.slice(error.code.length + 2);
    throw new StsClientError(ok ? error.code : 'http-error', `${detail} (HTTP ${httpStatus})`, { cause: error, httpStatus });
  }
  if (reply.ok && !ok) {
    throw new StsClientError('http-error', `a token or status reply came with HTTP ${httpStatus}`, { httpStatus });
  }
  return { ...reply, httpStatus };
}

async function readBody(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = (): StsClientError =>
    new StsClientError('response-too-large', `reply body exceeds ${maxBytes} bytes`, { httpStatus: response.status });
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const bytes = await readCappedBody(response.body, maxBytes);
  if (bytes === undefined) throw tooLarge();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new StsClientError('malformed-response', 'reply body is not UTF-8', { cause: error, httpStatus: response.status });
  }
}

function transportError(error: unknown): StsClientError {
  if (error instanceof StsClientError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return new StsClientError('timeout', 'no complete reply in time', { cause: error });
  return new StsClientError('network', (error as Error | null)?.message ?? String(error), { cause: error });
}

function positive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${what} must be a positive number`);
  return value;
}
