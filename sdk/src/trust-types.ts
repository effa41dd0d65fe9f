/**
 * The value objects that cross the plug-in boundary. All are readonly; plug-ins never see Koa's `ctx` or
 * the parser's DOM.
 * @public
 */
import type { XmlElementData } from './xml/xml-element-data.js';

/** Where a request came from, for policy (lockout per client address) and audit. @public */
export interface RequestContext {
  readonly requestId: string;
  /** The client's address as the socket saw it. */
  readonly clientAddress: string;
  /** The endpoint path the request arrived on (`/idp/sts.wst`). */
  readonly endpoint: string;
  /** The SOAP version of a WS-Trust request; absent for a request that is not SOAP (OAuth token exchange). */
  readonly soapVersion?: '1.1' | '1.2';
  /** The time the kernel received the request (from the clock service). */
  readonly receivedAt: Date;
  /**
   * The client the WS-Trust face authenticated (HTTP Basic or TLS client certificate, README "Client
   * authentication"); absent when the endpoint and the connection require none.
   */
  readonly clientId?: string;
}

/** The whole request, for processors that check a signature over it (X.509 message signatures). @public */
export interface ReceivedMessage {
  /** The request exactly as the byte gate decoded it (the string both parsers saw). */
  readonly xml: string;
  readonly soapVersion: '1.1' | '1.2';
}

/** A token presented to the STS, as the kernel found it in the message. @public */
export interface ReceivedToken {
  /** The token-type URI that selected the processor. */
  readonly tokenType: string;
  /**
   * Where a WS-Trust request carried the token: the Security header (authentication), a Validate request's
   * ValidateTarget, or an Issue request's OnBehalfOf / ActAs (the delegated identity). Absent when the token came another way (an OAuth `subject_token`); decide by `purpose`.
   */
  readonly source?: 'security-header' | 'validate-target' | 'on-behalf-of' | 'act-as';
  /**
   * What the kernel will do with the result: `use` (authenticate, exchange) or `status` (a Validate that
   * only reports valid or invalid). A processor with a replay cache records a one-time token on `use` only,
   * so that a service may ask for the status of a token it received without consuming it.
   */
  readonly purpose: 'use' | 'status';
  /** The `ValueType` attribute of a BinarySecurityToken. */
  readonly valueType?: string;
  /** The token element, as plain data (for XML tokens). */
  readonly element?: XmlElementData;
  /** The token's serialized XML, exactly as received (for signature checks). */
  readonly xml?: string;
  /** The element's own text, trimmed (a BinarySecurityToken's content, as sent). */
  readonly text?: string;
  /**
   * The whole SOAP request, given only to a processor whose selector sets `verifiesMessageSignature` (and
   * only for tokens in the Security header); the kernel refuses a signed message for any other processor.
   * Absent for every other token and for requests that are not SOAP: a processor that needs it refuses
   * without it.
   */
  readonly message?: ReceivedMessage;
  readonly context: RequestContext;
}

/** Attribute values by name. Every attribute is multi-valued. @public */
export type Attributes = Readonly<Record<string, readonly string[]>>;

/** What a processor returns for a valid token. @public */
export interface ProcessedToken {
  /** The authenticated subject (becomes NameID / `sub` unless the connection maps another source). */
  readonly subject: string;
  /** The attributes the processor vouches for (its attribute contract). */
  readonly attributes: Attributes;
  /** SAML authentication context class the credential maps to. */
  readonly authnContext?: string;
  /** When the subject authenticated. */
  readonly authnInstant?: Date;
  /** For an issued token (SAML, JWT): its issuer, id and end of validity, reported by Validate. */
  readonly issuer?: string;
  readonly tokenId?: string;
  readonly expires?: Date;
  /**
   * For a token that itself records a delegation (a JWT `act` claim, RFC 8693 section 4.1): its actor. The
   * kernel refuses such a token in WS-Trust OnBehalfOf / ActAs, where a chain of delegations is not allowed.
   */
  readonly actor?: { readonly subject: string; readonly issuer?: string };
}

/** Subject confirmation methods a generator may be asked for. @public */
export type SubjectConfirmationMethod = 'bearer' | 'sender-vouches';

/** Everything a generator needs to issue one token. @public */
export interface IssueRequest {
  /** The token-type URI asked for (or the connection's default); generators echo it in the response. */
  readonly tokenType: string;
  /** The partner service identifier the token is for (the audience). */
  readonly appliesTo: string;
  /** The STS's issuer identity (entity id). */
  readonly issuer: string;
  readonly subject: {
    readonly name: string;
    /** NameID Format URI. */
    readonly format: string;
  };
  readonly subjectConfirmation: SubjectConfirmationMethod;
  /** Mapped attributes, in the connection's attribute-contract order. */
  readonly attributes: Attributes;
  readonly authnContext: string;
  readonly authnInstant: Date;
  /** Validity of the token: NotBefore and NotOnOrAfter. */
  readonly notBefore: Date;
  readonly notOnOrAfter: Date;
  /** When the token is issued (IssueInstant). */
  readonly issuedAt: Date;
  /** The kid of the signing key the connection names; the active key when absent. */
  readonly signingKeyId?: string;
  /**
   * The client the token is issued to, when the request authenticated one (an OAuth client): the
   * `client_id` claim of an access token (RFC 9068 section 2.2). Absent for WS-Trust requests.
   */
  readonly clientId?: string;
  /** The scope granted (RFC 6749 section 3.3), when the request asked for one: RFC 9068 section 2.2.3. */
  readonly scope?: readonly string[];
  /**
   * Delegation: the party acting on the subject's behalf, as its processor authenticated it (RFC 8693
   * section 4.1 `act`). A generator that cannot record an actor in its token must refuse the request
   * rather than issue a token that hides the delegation.
   */
  readonly actor?: { readonly subject: string; readonly issuer?: string };
  readonly context: RequestContext;
}

/** How a client refers to an issued token (WS-Trust 1.3 section 4.4.2 and 4.4.3). @public */
export interface TokenReference {
  /** `wsse11:TokenType` on the SecurityTokenReference. */
  readonly tokenType: string;
  /** `ValueType` of the KeyIdentifier. */
  readonly valueType: string;
  /** The identifier value (the assertion ID). */
  readonly keyIdentifier: string;
}

/** What a generator returns. @public */
export interface IssuedToken {
  /** The token-type URI to put in the RSTR (normally the one requested). */
  readonly tokenType: string;
  /** The token element, serialized with all its namespace declarations (XML tokens). */
  readonly xml?: string;
  /** The token string (JWT and other binary tokens). */
  readonly text?: string;
  readonly id: string;
  readonly created: Date;
  readonly expires: Date;
  /** Reference used both as attached and unattached reference, when the token type has one. */
  readonly reference?: TokenReference;
}
