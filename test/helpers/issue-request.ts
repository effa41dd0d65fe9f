/**
 * Valid Issue requests for negative tests, and the one-change edits applied to them. Every negative test
 * starts from {@link validRequest} (joe / 2Federate, AppliesTo urn:example:sp, the test clock's time) and
 * changes one thing: an option, or one string edit of the body ({@link editBody}, which fails the test
 * when the text it should change is not there exactly once, so a mutation can never silently do nothing).
 */
import { buildIssueRequest, type IssueCredential, type IssueRequestOptions, type PasswordType } from '@sts/sdk/client';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { TestSts } from './start-test-sts.js';

export type SoapVersion = '1.1' | '1.2';
export const SOAP_VERSIONS: readonly SoapVersion[] = ['1.1', '1.2'];

/** What goes on the wire: body, Content-Type, extra headers, and an optional query on the endpoint URL. */
export interface RawRequest {
  readonly body: string | Buffer;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Appended to the endpoint URL, e.g. `?TokenProcessorId=username`. */
  readonly query?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

export interface ValidRequestOptions {
  readonly soapVersion?: SoapVersion;
  readonly username?: string;
  readonly password?: string;
  readonly passwordType?: PasswordType;
  /** Replaces the username credential (e.g. `{ kind: 'none' }`). */
  readonly credential?: IssueCredential;
  readonly appliesTo?: string;
  readonly tokenType?: string;
  readonly keyType?: string | null;
  readonly timestamp?: IssueRequestOptions['timestamp'];
  readonly trustVersion?: IssueRequestOptions['trustVersion'];
  readonly appliesToPolicy?: IssueRequestOptions['appliesToPolicy'];
  readonly endpoint?: string;
}

/** A valid Issue request for the demo user and partner, at the test clock's time. */
export function validRequest(t: TestSts, options: ValidRequestOptions = {}): RawRequest {
  const built = buildIssueRequest({
    endpoint: options.endpoint ?? t.endpoint,
    appliesTo: options.appliesTo ?? 'urn:example:sp',
    soapVersion: options.soapVersion ?? '1.2',
    credential: options.credential ?? {
      kind: 'username',
      username: options.username ?? 'joe',
      password: options.password ?? '2Federate',
      passwordType: options.passwordType ?? 'text',
    },
    ...(options.tokenType === undefined ? {} : { tokenType: options.tokenType }),
    ...(options.keyType === undefined ? {} : { keyType: options.keyType }),
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    ...(options.trustVersion === undefined ? {} : { trustVersion: options.trustVersion }),
    ...(options.appliesToPolicy === undefined ? {} : { appliesToPolicy: options.appliesToPolicy }),
    now: () => t.clock.now(),
  });
  return {
    body: built.body,
    contentType: built.contentType,
    headers: built.soapAction === undefined ? {} : { SOAPAction: built.soapAction },
  };
}

/** Replaces the one occurrence of `search` in `text`; throws unless there is exactly one. */
export function replaceOnce(text: string, search: string | RegExp, replacement: string): string {
  const count =
    typeof search === 'string'
      ? text.split(search).length - 1
      : [...text.matchAll(new RegExp(search.source, search.flags.includes('g') ? search.flags : `${search.flags}g`))].length;
  if (count !== 1) throw new Error(`the edit expected exactly one match of ${String(search)}, found ${count}`);
  const out = typeof search === 'string' ? text.replace(search, () => replacement) : text.replace(search, replacement);
  if (out === text) throw new Error(`the edit of ${String(search)} changed nothing`);
  return out;
}

/** The request with one edit of its body (see {@link replaceOnce}). */
export function editBody(request: RawRequest, search: string | RegExp, replacement: string): RawRequest {
  return { ...request, body: replaceOnce(bodyText(request), search, replacement) };
}

/** The request with its Content-Type replaced. */
export function withContentType(request: RawRequest, contentType: string): RawRequest {
  return { ...request, contentType };
}

/** The request with headers added or replaced. */
export function withHeaders(request: RawRequest, headers: Record<string, string>): RawRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

/** The request sent to the endpoint URL plus a query string. */
export function withQuery(request: RawRequest, query: string): RawRequest {
  return { ...request, query };
}

export function bodyText(request: RawRequest): string {
  return typeof request.body === 'string' ? request.body : request.body.toString('utf8');
}

/**
 * The request with its action URI changed everywhere it travels: `wsa:Action` in the body, the SOAP 1.2
 * `action` media-type parameter, the SOAP 1.1 SOAPAction header.
 */
export function withAction(request: RawRequest, from: string, to: string): RawRequest {
  const body = replaceOnce(bodyText(request), `>${from}</wsa:Action>`, `>${to}</wsa:Action>`);
  const contentType = request.contentType.includes(`action="${from}"`) ? request.contentType.replace(`action="${from}"`, `action="${to}"`) : request.contentType;
  const headers = request.headers['SOAPAction'] === undefined ? request.headers : { ...request.headers, SOAPAction: `"${to}"` };
  return { ...request, body, contentType, headers };
}

/** POSTs the request to the IdP STS endpoint (plus its query). An empty contentType sends no Content-Type. */
export async function send(t: TestSts, request: RawRequest): Promise<RawResponse> {
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  const res = await fetch(`${t.endpoint}${request.query ?? ''}`, {
    method: 'POST',
    body,
    headers: { ...(request.contentType === '' ? {} : { 'content-type': request.contentType }), ...request.headers },
  });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

/**
 * POSTs the body with `Transfer-Encoding: chunked` (no Content-Length), in chunks of `chunkSize` bytes, so the
 * server only learns the size while reading. Resolves with the response, or with `{ error }` when the
 * connection fails (reset, or no answer within `timeoutMs`).
 */
export function sendChunked(
  t: TestSts,
  request: RawRequest,
  chunkSize = 16_384,
  timeoutMs = 10_000,
): Promise<RawResponse | { readonly error: string }> {
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  const url = new URL(`${t.endpoint}${request.query ?? ''}`);
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: RawResponse | { readonly error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const req = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': request.contentType, 'transfer-encoding': 'chunked', ...request.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: String(res.headers['content-type'] ?? '') }));
        res.on('error', (e) => done({ error: `response: ${e.message}` }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ error: `no answer within ${timeoutMs} ms` });
    }, timeoutMs);
    req.on('error', (e) => done({ error: `request: ${(e as NodeJS.ErrnoException).code ?? e.message}` }));
    (async () => {
      for (let i = 0; i < body.length && !req.destroyed; i += chunkSize) {
        if (!req.write(body.subarray(i, i + chunkSize))) await drainOrClose(req);
      }
      if (!req.destroyed) req.end();
    })().catch((e: Error) => done({ error: `write: ${e.message}` }));
  });
}

function drainOrClose(req: ClientRequest): Promise<void> {
  return new Promise((ok) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      ok();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

/** The value of the first element with this qualified name in the body text (e.g. `wsu:Id` of the Timestamp). */
export function attributeOf(request: RawRequest, element: string, attribute: string): string {
  const m = new RegExp(`<${element}\\b[^>]*\\s${attribute}="([^"]*)"`).exec(bodyText(request));
  if (!m) throw new Error(`no ${element}/@${attribute} in the request`);
  return m[1]!;
}

/** `n` nested elements `<x:d>…</x:d>`, the outermost declaring `xmlns:x="urn:example:x"` (an unknown header block). */
export function nested(n: number): string {
  if (n < 1) return '';
  return `<x:d xmlns:x="urn:example:x">${'<x:d>'.repeat(n - 1)}${'</x:d>'.repeat(n - 1)}</x:d>`;
}
