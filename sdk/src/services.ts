/**
 * Typed service references. A plug-in names the services it needs in `deps`; the kernel resolves each ref
 * and passes a typed object to `create()`. Plug-ins never see the kernel's container.
 *
 * @example
 * ```ts
 * deps: { clock: services.clock, keys: services.signingKeys },
 * create: ({ clock, keys }) => ...
 * ```
 * @public
 */
import type { KeyObject } from 'node:crypto';
import type { XmlNode } from './xml/xml-builder.js';

const SERVICE_REF_BRAND = Symbol.for('sts.service-ref');

/** A typed handle to a kernel service. @public */
export interface ServiceRef<T> {
  readonly id: string;
  readonly [SERVICE_REF_BRAND]: true;
  /** Type carrier only; never set at run time. */
  readonly __type?: T;
}

/** Creates a service reference with the given id. @public */
export function serviceRef<T>(id: string): ServiceRef<T> {
  return Object.freeze({ id, [SERVICE_REF_BRAND]: true as const });
}

/** Maps a `deps` declaration to the instances `create()` receives. @public */
export type ServiceInstances<D> = { readonly [K in keyof D]: D[K] extends ServiceRef<infer T> ? T : never };

/** A structured logger; `child` binds fields such as the plug-in instance id. @public */
export interface Logger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
  child(bindings: object): Logger;
}

/** The time source; tests replace it to move time. @public */
export interface Clock {
  now(): Date;
}

/** One signing key of the STS, parsed once at boot. @public */
export interface SigningKey {
  /** Key id, published in the JWKS and used as `kid`. */
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The certificate (PEM) that carries the public key, for KeyInfo/X509Data. */
  readonly certificatePem: string;
  /** The certificate chain, leaf first, each DER as base64 (the JWKS `x5c`). */
  readonly certificateChain: readonly string[];
}

/** The STS's signing keys: several per purpose, one active. @public */
export interface SigningKeys {
  /** The key to sign with now, or the one with the given kid. Throws if unknown. */
  get(kid?: string): SigningKey;
  /** All keys, for the JWKS. */
  all(): readonly SigningKey[];
}

/** Where an enveloped signature goes, relative to an element of the document being signed. @public */
export interface SignatureLocation {
  /** Namespace URI and local name of the element the signature is placed next to. */
  readonly namespaceUri: string;
  readonly localName: string;
  /** `after`: next sibling of that element; `append`: its last child; `prepend`: its first child. */
  readonly action: 'after' | 'append' | 'prepend';
}

/** What to sign: an element whose ID attribute the one Reference points at. @public */
export interface EnvelopedSignatureRequest {
  /**
   * The element to sign: the tree built with `el()` (the fast path: it is rendered straight into canonical
   * form), or a serialized element that carries all its namespace declarations (parsed strictly first).
   */
  readonly xml: XmlNode | string;
  /** Name of the ID attribute on the root (`ID` for SAML 2.0, `AssertionID` for SAML 1.1). */
  readonly idAttribute: string;
  readonly location: SignatureLocation;
  /** The kid of the key to sign with; the active key when absent. */
  readonly kid?: string;
  /** Include the signing certificate in KeyInfo/X509Data (default true). */
  readonly includeCertificate?: boolean;
  /**
   * Prefixes the Reference's exclusive c14n transform treats as inclusive (`ec:InclusiveNamespaces
   * PrefixList`, Exclusive XML Canonicalization section 3): those the token uses only inside attribute
   * values, such as the prefix of an `xsi:type` QName. Exclusive c14n renders a declaration only where an
   * element or attribute name uses the prefix, so without this the binding such a value depends on would be
   * left out of the signature. A signer that cannot honour the list must throw rather than sign without it.
   */
  readonly inclusiveNamespacePrefixes?: readonly string[];
}

/**
 * Signs XML: RSA-SHA256, exclusive c14n, one reference to the root's own ID, enveloped-signature transform.
 * Behind one small interface so that a faster signer can replace the default without touching generators.
 * Returns the signed element, serialized.
 * @public
 */
export interface XmlSigner {
  signEnveloped(request: EnvelopedSignatureRequest): string;
}

/**
 * The shared state store: replay caches and counters with a time to live, atomic per key.
 *
 * A store may refuse: a full store refuses new entries rather than evicting live ones, and an unreachable one
 * refuses everything. Both reject with `StateStoreError` (`wst:RequestFailed`), so a one-time check is
 * never skipped; a plug-in lets that error propagate.
 * @public
 */
export interface StateStore {
  /** Stores `key` in `namespace` for `ttlSeconds` if it is absent. Returns false when it was already there. */
  putIfAbsent(namespace: string, key: string, ttlSeconds: number): Promise<boolean>;
  /** Adds one to a counter (created at 0 with the given TTL) and returns the new value. */
  increment(namespace: string, key: string, ttlSeconds: number): Promise<number>;
  /** The current value: a counter's count, 1 for a key stored with putIfAbsent, 0 when absent or expired. */
  count(namespace: string, key: string): Promise<number>;
  /** Removes a key or counter. */
  delete(namespace: string, key: string): Promise<void>;
  /**
   * Resolves when the backend can serve requests; rejects otherwise (readiness). Optional: a plug-in never
   * calls it, and an in-process store is always ready.
   */
  ping?(): Promise<void>;
  /** Releases connections, files and timers. Optional, for the kernel's shutdown. */
  close?(): Promise<void>;
}

/** A certificate the STS trusts for one issuer, parsed once at boot. @public */
export interface TrustedCertificate {
  readonly pem: string;
  readonly publicKey: KeyObject;
  /** SHA-256 of the DER, hex, lower case. */
  readonly sha256: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A partner that issues tokens we accept (an IdP connection), by its issuer identifier. @public */
export interface TrustedIssuer {
  /** The IdP connection id. */
  readonly connectionId: string;
  /** SAML Issuer or JWT `iss` value. */
  readonly issuer: string;
  /** The certificates whose keys may sign this issuer's tokens. */
  readonly certificates: readonly TrustedCertificate[];
  /**
   * Only for the STS's own issuer: true when an audience is one of the STS's partners. A processor may accept
   * such an audience for a status-only Validate (`ReceivedToken.purpose === 'status'`: a partner asks whether
   * a token we issued to it is valid), never to use the token, so a token cannot be forwarded.
   */
  readonly partnerAudience?: (audience: string) => boolean;
}

/** The IdP connections, looked up by issuer. @public */
export interface TrustedIssuers {
  /** The connection for an issuer value, exactly; undefined for an unknown issuer. */
  find(issuer: string): TrustedIssuer | undefined;
}

/** Who the STS is: its entity id and every identifier an incoming token may name as its audience. @public */
export interface StsIdentity {
  readonly entityId: string;
  readonly audiences: readonly string[];
}

/** The service refs a plug-in may depend on. @public */
export const services = Object.freeze({
  logger: serviceRef<Logger>('core.logger'),
  clock: serviceRef<Clock>('core.clock'),
  signingKeys: serviceRef<SigningKeys>('core.signingKeys'),
  xmlSigner: serviceRef<XmlSigner>('core.xmlSigner'),
  stateStore: serviceRef<StateStore>('core.stateStore'),
  trustedIssuers: serviceRef<TrustedIssuers>('core.trustedIssuers'),
  stsIdentity: serviceRef<StsIdentity>('core.stsIdentity'),
});
