/**
 * Builds a WS-Trust Issue request (RST) in the shape Microsoft clients send (MSAL `wstrust_request.py`,
 * AD FS "usernamemixed"; peer-sts.md section 2.3 and section 6 scenario 19):
 *
 * - Header: `wsa:Action`, `wsa:MessageID`, `wsa:ReplyTo` (anonymous), `wsa:To` (WS-Addressing 1.0 Core
 *   section 3), then `wsse:Security` holding a `wsu:Timestamp` (WSS 1.1 section 10) and a `wsse:UsernameToken`
 *   (UsernameToken Profile 1.0 sections 3 and 4).
 * - Body: `wst:RequestSecurityToken` with an optional TokenType, `wsp:AppliesTo`, an optional KeyType and the
 *   Issue RequestType (WS-Trust 1.3 sections 3.1 and 4.1).
 *
 * Every value goes through the SDK builder, so markup in a username or password is escaped by construction.
 *
 * @example
 * ```ts
 * const { body, contentType, soapAction } = buildIssueRequest({
 *   endpoint: 'https://sts.example.com/sts',
 *   appliesTo: 'urn:federation:MicrosoftOnline',
 *   credential: { kind: 'username', username: 'joe', password: 'secret', passwordType: 'text-no-type' },
 * });
 * await fetch('https://sts.example.com/sts', { method: 'POST', body, headers: { 'content-type': contentType } });
 * ```
 * @public
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { NS, UsernameTokenUri } from '../xml/namespaces.js';
import { el, type XmlNode } from '../xml/xml-builder.js';
import { assertXmlText } from './assert-xml-text.js';
import { passwordDigest } from './password-digest.js';
import { soapEnvelopeNamespace, type SoapVersion } from './soap-version.js';
import { trustVersionUris, type TrustVersion } from './trust-version-uris.js';

/** WS-Addressing 1.0 anonymous address (Core section 2.1): reply on the HTTP response. */
const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';

/**
 * How the password travels (UsernameToken Profile 1.0 section 3.1): `text` with the PasswordText Type,
 * `text-no-type` without a Type attribute (what MSAL sends; the profile's default is PasswordText), or
 * `digest` (PasswordDigest with a Nonce and Created).
 * @public
 */
export type PasswordType = 'text' | 'text-no-type' | 'digest';

/** The requester's credential: a UsernameToken, or nothing (TLS client auth, or a negative test). @public */
export type IssueCredential =
  | {
      readonly kind: 'username';
      readonly username: string;
      readonly password: string;
      /** Default `'text'`. */
      readonly passwordType?: PasswordType;
    }
  | { readonly kind: 'none' };

/** The WS-Policy namespace of `wsp:AppliesTo`: 2004/09 (what .NET stacks send) or 1.5 (W3C). @public */
export type AppliesToPolicy = '2004/09' | '1.5';

/** Options of {@link buildIssueRequest}. @public */
export interface IssueRequestOptions {
  /** The STS endpoint URL; becomes `wsa:To`. */
  readonly endpoint: string | URL;
  /** The relying party address, sent as `wsp:AppliesTo/wsa:EndpointReference/wsa:Address`. */
  readonly appliesTo: string;
  /** Default `'1.2'`. */
  readonly soapVersion?: SoapVersion;
  /** Default `'1.3'`. */
  readonly trustVersion?: TrustVersion;
  /** Default `'2004/09'`. */
  readonly appliesToPolicy?: AppliesToPolicy;
  /** `wst:TokenType`; omitted when absent (MSAL sends none). */
  readonly tokenType?: string;
  /** `wst:KeyType`; default Bearer (1.3) or NoProofKey (2005); `null` omits the element. */
  readonly keyType?: string | null;
  readonly credential: IssueCredential;
  /** `wsu:Timestamp`; default now, expiring after 300 s; `false` omits it. */
  readonly timestamp?: { readonly created: Date; readonly expiresInSeconds: number } | false;
  /** `mustUnderstand="1"` on `wsa:Action`, `wsa:To` and `wsse:Security`; default true (as MSAL). */
  readonly mustUnderstand?: boolean;
  /** `wsa:MessageID`; default `urn:uuid:` and a random UUID. */
  readonly messageId?: string;
  /** Clock for tests; default `() => new Date()`. */
  readonly now?: () => Date;
}

/** A ready-to-POST request. @public */
export interface BuiltIssueRequest {
  /** The SOAP envelope (UTF-8 text, no XML declaration). */
  readonly body: string;
  /** The HTTP Content-Type (SOAP 1.2 carries the action in it: RFC 3902 section 1). */
  readonly contentType: string;
  /** The SOAPAction header value (quoted) for SOAP 1.1 (section 6.1.1); undefined for SOAP 1.2. */
  readonly soapAction: string | undefined;
  /** The `wsa:Action` URI. */
  readonly action: string;
  /** The `wsa:MessageID`, to match a `wsa:RelatesTo` in the reply. */
  readonly messageId: string;
}

/** Builds the envelope, content type and SOAPAction of an Issue request. @public */
export function buildIssueRequest(options: IssueRequestOptions): BuiltIssueRequest {
  const soapVersion = options.soapVersion ?? '1.2';
  const soapNs = soapEnvelopeNamespace(soapVersion);
  const uris = trustVersionUris(options.trustVersion ?? '1.3');
  const policyNs = policyNamespace(options.appliesToPolicy ?? '2004/09');
  const now = options.now ?? (() => new Date());
  const to = endpointText(options.endpoint);
  const messageId = options.messageId ?? `urn:uuid:${randomUUID()}`;
  const keyType = options.keyType === undefined ? uris.defaultKeyType : options.keyType;
  assertXmlText('appliesTo', options.appliesTo);
  assertXmlText('messageId', messageId);
  if (options.tokenType !== undefined) assertXmlText('tokenType', options.tokenType);
  if (keyType !== null) assertXmlText('keyType', keyType);

  // SOAP 1.1 section 4.2.3 allows only "0" | "1"; SOAP 1.2 Part 1 section 5.2.3 allows xs:boolean, so "1" fits both.
  const mu = (options.mustUnderstand ?? true) ? { 's:mustUnderstand': '1' } : {};
  const timestamp = options.timestamp === undefined ? { created: now(), expiresInSeconds: 300 } : options.timestamp;
  const created = timestamp === false ? now() : timestamp.created;

  const header = el('s:Header', {}, [
    el('wsa:Action', mu, [uris.action]),
    el('wsa:MessageID', {}, [messageId]),
    el('wsa:ReplyTo', {}, [el('wsa:Address', {}, [WSA_ANONYMOUS])]),
    el('wsa:To', mu, [to]),
    el('wsse:Security', mu, [
      timestamp !== false && timestampElement(timestamp.created, timestamp.expiresInSeconds),
      options.credential.kind === 'username' && usernameTokenElement(options.credential, created),
    ]),
  ]);
  const body = el('s:Body', {}, [
    el('wst:RequestSecurityToken', {}, [
      options.tokenType !== undefined && el('wst:TokenType', {}, [options.tokenType]),
      el('wsp:AppliesTo', {}, [el('wsa:EndpointReference', {}, [el('wsa:Address', {}, [options.appliesTo])])]),
      keyType !== null && el('wst:KeyType', {}, [keyType]),
      el('wst:RequestType', {}, [uris.requestType]),
    ]),
  ]);
  const xmlns = {
    s: soapNs,
    wsa: NS.wsa,
    wsse: NS.wsse,
    wsu: NS.wsu,
    wst: uris.namespace,
    wsp: policyNs,
  };
  return {
    body: el('s:Envelope', { xmlns }, [header, body]).toString(),
    contentType:
      soapVersion === '1.1'
        ? 'text/xml; charset=utf-8'
        : `application/soap+xml; charset=utf-8; action="${uris.action}"`,
    soapAction: soapVersion === '1.1' ? `"${uris.action}"` : undefined,
    action: uris.action,
    messageId,
  };
}

function policyNamespace(policy: AppliesToPolicy): string {
  if (policy === '2004/09') return NS.wsp2004;
  if (policy === '1.5') return NS.wsp15;
  throw new TypeError(`unknown WS-Policy version: ${JSON.stringify(policy)}`);
}

function endpointText(endpoint: string | URL): string {
  const text = endpoint instanceof URL ? endpoint.href : endpoint;
  assertXmlText('endpoint', text);
  if (!URL.canParse(text)) throw new TypeError(`endpoint is not an absolute URL: ${JSON.stringify(text)}`);
  return text;
}

/** xs:dateTime in UTC with a 'Z' (WSS 1.1 section 10 recommends UTC). */
function utc(date: Date, what: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError(`${what} must be a valid Date`);
  return date.toISOString();
}

function timestampElement(created: Date, expiresInSeconds: number): XmlNode {
  if (!Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) {
    throw new TypeError('timestamp.expiresInSeconds must be a positive number');
  }
  const expires = new Date(created.getTime() + expiresInSeconds * 1000);
  return el('wsu:Timestamp', { 'wsu:Id': `TS-${randomUUID()}` }, [
    el('wsu:Created', {}, [utc(created, 'timestamp.created')]),
    el('wsu:Expires', {}, [utc(expires, 'timestamp expiry')]),
  ]);
}

function usernameTokenElement(credential: Extract<IssueCredential, { kind: 'username' }>, created: Date): XmlNode {
  assertXmlText('username', credential.username);
  assertXmlText('password', credential.password);
  const passwordType = credential.passwordType ?? 'text';
  let password: XmlNode;
  let digestParts: XmlNode[] = [];
  if (passwordType === 'digest') {
    // UsernameToken Profile 1.0 section 3.1: the digest covers the nonce bytes, the Created text and the password.
    const nonce = randomBytes(16);
    const createdText = utc(created, 'created');
    password = el('wsse:Password', { Type: UsernameTokenUri.passwordDigest }, [
      passwordDigest(nonce, createdText, credential.password),
    ]);
    digestParts = [
      el('wsse:Nonce', { EncodingType: UsernameTokenUri.base64Binary }, [nonce.toString('base64')]),
      el('wsu:Created', {}, [createdText]),
    ];
  } else if (passwordType === 'text' || passwordType === 'text-no-type') {
    const type = passwordType === 'text' ? UsernameTokenUri.passwordText : undefined;
    password = el('wsse:Password', { Type: type }, [credential.password]);
  } else {
    throw new TypeError(`unknown password type: ${JSON.stringify(passwordType)}`);
  }
  return el('wsse:UsernameToken', { 'wsu:Id': `UT-${randomUUID()}` }, [
    el('wsse:Username', {}, [credential.username]),
    password,
    ...digestParts,
  ]);
}
