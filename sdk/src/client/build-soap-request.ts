/**
 * The parts every client request shares (Issue and Validate): the SOAP envelope, the WS-Addressing header
 * blocks, the `wsse:Security` header with its Timestamp and optional credential, `wsp:AppliesTo`, and the
 * HTTP content type and SOAPAction of the SOAP version.
 *
 * - Header: `wsa:Action`, `wsa:MessageID`, `wsa:ReplyTo` (anonymous), `wsa:To` (WS-Addressing 1.0 Core
 *   section 3), then `wsse:Security` holding a `wsu:Timestamp` (WSS 1.1 section 10) and the credential: a
 *   `wsse:UsernameToken` (UsernameToken Profile 1.0 sections 3 and 4), or an X.509 `wsse:BinarySecurityToken`
 *   followed by a `ds:Signature` made with the certificate's key (WSS 1.1 section 8; X.509 Token Profile 1.1
 *   section 3.2; see `sign-message.ts`) over the Body, the Timestamp, `wsa:To` and `wsa:Action`, which then
 *   carry a wsu:Id.
 * - The envelope declares the prefixes `s`, `wsa`, `wsse`, `wsu`, `wst` (the trust version's namespace) and
 *   `wsp` (the AppliesTo policy namespace); the body element the caller builds uses them.
 *
 * Every value goes through the SDK builder, so markup in a username or password is escaped by construction.
 *
 * @example
 * ```ts
 * const built = buildSoapRequest(options, (uris) => ({
 *   action: uris.action,
 *   rst: el('wst:RequestSecurityToken', {}, [appliesToElement('urn:example:sp'), el('wst:RequestType', {}, [uris.requestType])]),
 * }));
 * ```
 * @internal
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { NS, UsernameTokenUri } from '../xml/namespaces.js';
import { el, raw, type RawXml, type XmlNode } from '../xml/xml-builder.js';
import { checkedTokenXml } from './checked-token-xml.js';
import { assertXmlText } from './assert-xml-text.js';
import { passwordDigest } from './password-digest.js';
import { binarySecurityTokenElement, readX509Credential, signMessage } from './sign-message.js';
import { soapEnvelopeNamespace, type SoapVersion } from './soap-version.js';
import { trustVersionUris, type TrustVersion, type TrustVersionUris } from './trust-version-uris.js';

/** WS-Addressing 1.0 anonymous address (Core section 2.1): reply on the HTTP response. */
const WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';

/**
 * How the password travels (UsernameToken Profile 1.0 section 3.1): `text` with the PasswordText Type,
 * `text-no-type` without a Type attribute (what MSAL sends; the profile's default is PasswordText), or
 * `digest` (PasswordDigest with a Nonce and Created).
 *
 * @example
 * ```ts
 * const passwordType: PasswordType = 'digest';
 * ```
 * @public
 */
export type PasswordType = 'text' | 'text-no-type' | 'digest';

/**
 * The requester's credential in the Security header: a UsernameToken; an X.509 certificate whose key signs
 * the message (WSS 1.1 section 8; X.509 Token Profile 1.1 section 3.2); or nothing (TLS client auth, a
 * Validate request whose caller does not authenticate, or a negative test).
 *
 * `x509`: `certificatePem` is the client certificate (the first certificate of the PEM text is sent);
 * `privateKeyPem` its unencrypted RSA private key (PKCS#8 or PKCS#1 PEM), read once per request. A key that
 * is not the certificate's, or not RSA, is refused with a TypeError. The request must carry a Timestamp,
 * since the signature has to cover it.
 *
 * @example
 * ```ts
 * const credential: IssueCredential = { kind: 'username', username: 'joe', password: 'secret', passwordType: 'text' };
 * const signed: IssueCredential = {
 *   kind: 'x509',
 *   certificatePem: readFileSync('demo/x509/demo-client.pem', 'utf8'),
 *   privateKeyPem: readFileSync('demo/x509/demo-client-key.pem', 'utf8'),
 * };
 * ```
 * @public
 */
export type IssueCredential =
  | {
      readonly kind: 'username';
      readonly username: string;
      readonly password: string;
      /** Default `'text'`. */
      readonly passwordType?: PasswordType;
    }
  | {
      readonly kind: 'x509';
      /** The client certificate, PEM. */
      readonly certificatePem: string;
      /** The certificate's RSA private key, unencrypted PEM. */
      readonly privateKeyPem: string;
    }
  | {
      /** A token the caller holds (a SAML assertion, a BinarySecurityToken with a JWT: see jwtSecurityToken). */
      readonly kind: 'token';
      /** One element that declares its own namespaces; inserted into wsse:Security as-is. */
      readonly xml: string;
    }
  | { readonly kind: 'none' };

/**
 * The WS-Policy namespace of `wsp:AppliesTo`: 2004/09 (what .NET stacks send) or 1.5 (W3C).
 *
 * @example
 * ```ts
 * buildIssueRequest({ ...options, appliesToPolicy: '1.5' });
 * ```
 * @public
 */
export type AppliesToPolicy = '2004/09' | '1.5';

/**
 * The options every request shares (see {@link IssueRequestOptions} and {@link ValidateRequestOptions}).
 *
 * @example
 * ```ts
 * const common: SoapRequestOptions = { endpoint: 'https://sts.example.com/sts', soapVersion: '1.1', credential: { kind: 'none' } };
 * ```
 * @public
 */
export interface SoapRequestOptions {
  /** The STS endpoint URL; becomes `wsa:To`. */
  readonly endpoint: string | URL;
  /** Default `'1.2'`. */
  readonly soapVersion?: SoapVersion;
  /** Default `'1.3'`. */
  readonly trustVersion?: TrustVersion;
  /** Default `'2004/09'`. */
  readonly appliesToPolicy?: AppliesToPolicy;
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

/**
 * A ready-to-POST request.
 *
 * @example
 * ```ts
 * const { body, contentType, soapAction } = buildValidateRequest(options);
 * await fetch(endpoint, { method: 'POST', body, headers: { 'content-type': contentType, ...(soapAction && { soapaction: soapAction }) } });
 * ```
 * @public
 */
export interface BuiltSoapRequest {
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

/** The wsu:Ids of the parts an X.509 credential signs, and of its token. */
interface SignedPartIds {
  readonly body: string;
  readonly to: string;
  readonly action: string;
  readonly bst: string;
}

/** What the caller of {@link buildSoapRequest} puts in the Body, and the action it travels under. @internal */
export interface SoapRequestPayload {
  readonly action: string;
  /** The `wst:RequestSecurityToken` element, built with the envelope's prefixes. */
  readonly rst: XmlNode;
}

/** Builds the envelope around the RST `payload` returns for the request's trust version. @internal */
export function buildSoapRequest(options: SoapRequestOptions, payload: (uris: TrustVersionUris) => SoapRequestPayload): BuiltSoapRequest {
  const soapVersion = options.soapVersion ?? '1.2';
  const soapNs = soapEnvelopeNamespace(soapVersion);
  const uris = trustVersionUris(options.trustVersion ?? '1.3');
  const policyNs = policyNamespace(options.appliesToPolicy ?? '2004/09');
  const now = options.now ?? (() => new Date());
  const to = endpointText(options.endpoint);
  const messageId = options.messageId ?? `urn:uuid:${randomUUID()}`;
  assertXmlText('messageId', messageId);
  const { action, rst } = payload(uris);

  // SOAP 1.1 section 4.2.3 allows only "0" | "1"; SOAP 1.2 Part 1 section 5.2.3 allows xs:boolean, so "1" fits both.
  const mu = (options.mustUnderstand ?? true) ? { 's:mustUnderstand': '1' } : {};
  const timestamp = options.timestamp === undefined ? { created: now(), expiresInSeconds: 300 } : options.timestamp;
  const created = timestamp === false ? now() : timestamp.created;
  const credential = options.credential;
  const timestampId = `TS-${randomUUID()}`;
  const timestampNode = timestamp !== false && timestampElement(timestampId, timestamp.created, timestamp.expiresInSeconds);

  // An X.509 credential: the parts it signs get a wsu:Id (WSS 1.1 section 4), the certificate its token.
  let signing: { readonly ids: SignedPartIds; readonly sign: (unsigned: string) => RawXml } | undefined;
  let credentialNode: XmlNode | RawXml | false = false;
  if (credential.kind === 'token') {
    credentialNode = raw(checkedTokenXml(credential.xml, 'the token credential'));
  } else if (credential.kind === 'username') {
    credentialNode = usernameTokenElement(credential, created);
  } else if (credential.kind === 'x509') {
    // WSS 1.1 section 8 and security-rules.md section 1 row 15: the Timestamp must be signed, so it must be there.
    if (timestamp === false) throw new TypeError('an x509 credential needs the Timestamp: the message signature must cover it');
    const key = readX509Credential(credential);
    const ids: SignedPartIds = {
      body: `Body-${randomUUID()}`,
      to: `To-${randomUUID()}`,
      action: `Action-${randomUUID()}`,
      bst: `X509-${randomUUID()}`,
    };
    credentialNode = binarySecurityTokenElement(ids.bst, key);
    const references = [ids.body, timestampId, ids.to, ids.action];
    signing = { ids, sign: (unsigned) => signMessage({ envelope: unsigned, key, bstId: ids.bst, references }) };
  } else if (credential.kind !== 'none') {
    throw new TypeError(`unknown credential kind: ${JSON.stringify((credential as { kind?: unknown }).kind)}`);
  }

  const xmlns = {
    s: soapNs,
    wsa: NS.wsa,
    wsse: NS.wsse,
    wsu: NS.wsu,
    wst: uris.namespace,
    wsp: policyNs,
  };
  const idOf = (id: string | undefined) => (id === undefined ? {} : { 'wsu:Id': id });
  // The same nodes render the same text, so the signed envelope is the unsigned one plus the Signature.
  const render = (signature?: RawXml): string =>
    el('s:Envelope', { xmlns }, [
      el('s:Header', {}, [
        el('wsa:Action', { ...mu, ...idOf(signing?.ids.action) }, [action]),
        el('wsa:MessageID', {}, [messageId]),
        el('wsa:ReplyTo', {}, [el('wsa:Address', {}, [WSA_ANONYMOUS])]),
        el('wsa:To', { ...mu, ...idOf(signing?.ids.to) }, [to]),
        el('wsse:Security', mu, [timestampNode, credentialNode, signature]),
      ]),
      el('s:Body', idOf(signing?.ids.body), [rst]),
    ]).toString();
  const unsigned = render();
  return {
    body: signing === undefined ? unsigned : render(signing.sign(unsigned)),
    contentType:
      soapVersion === '1.1' ? 'text/xml; charset=utf-8' : `application/soap+xml; charset=utf-8; action="${action}"`,
    soapAction: soapVersion === '1.1' ? `"${action}"` : undefined,
    action,
    messageId,
  };
}

/**
 * `wsp:AppliesTo/wsa:EndpointReference/wsa:Address` (WS-Trust 1.3 section 3.1), in the envelope's `wsp` namespace.
 * @internal
 */
export function appliesToElement(address: string): XmlNode {
  assertXmlText('appliesTo', address);
  return el('wsp:AppliesTo', {}, [el('wsa:EndpointReference', {}, [el('wsa:Address', {}, [address])])]);
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

function timestampElement(id: string, created: Date, expiresInSeconds: number): XmlNode {
  if (!Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) {
    throw new TypeError('timestamp.expiresInSeconds must be a positive number');
  }
  const expires = new Date(created.getTime() + expiresInSeconds * 1000);
  return el('wsu:Timestamp', { 'wsu:Id': id }, [
    el('wsu:Created', {}, [utc(created, 'timestamp.created')]),
    el('wsu:Expires', {}, [utc(expires, 'timestamp expiry')]),
  ]);
}

/** A UsernameToken; `standalone` declares its namespaces on it (a token inside OnBehalfOf or ActAs). @internal */
export function usernameTokenElement(credential: Extract<IssueCredential, { kind: 'username' }>, created: Date, standalone = false): XmlNode {
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
  return el('wsse:UsernameToken', { ...(standalone ? { xmlns: { wsse: NS.wsse, wsu: NS.wsu } } : {}), 'wsu:Id': `UT-${randomUUID()}` }, [
    el('wsse:Username', {}, [credential.username]),
    password,
    ...digestParts,
  ]);
}
