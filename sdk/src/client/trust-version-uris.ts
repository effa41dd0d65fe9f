/**
 * The URIs that change with the WS-Trust version of an Issue or Validate request.
 *
 * - 1.3 (`200512`, WS-Trust 1.3 sections 3.1 and 4.1): Action `…/RST/Issue`, RequestType `…/Issue`,
 *   KeyType `…/Bearer` (section 11 / 9.2).
 * - 1.3 with the trailing-slash namespace of the published schema file: the elements use the slash
 *   namespace, but the Action, RequestType and KeyType URIs are the no-slash ones the spec text defines.
 * - 2005/02 (the pre-standard draft AD FS and MSAL send): RequestType `…/2005/02/trust/Issue`, KeyType
 *   `NoProofKey` from the 2005/05 identity namespace (peer-sts.md section 2.3).
 * - Validate (WS-Trust 1.3 section 7; 2005/02 section 8): Action `…/RST/Validate`, RequestType `…/Validate`,
 *   the TokenType `…/RSTR/Status` that asks for a status only, the status codes `…/status/valid` and
 *   `…/status/invalid`, and the reply Action `…/RSTR/ValidateFinal` (2005/02: `…/RSTR/Validate`). The
 *   trailing-slash 1.3 namespace uses the no-slash URIs here too.
 *
 * @example
 * ```ts
 * trustVersionUris('2005').action; // 'http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue'
 * ```
 * @public
 */
import { NS } from '../xml/namespaces.js';

/** `'1.3'` (no trailing slash), `'1.3-slash'` (trailing slash) or `'2005'` (WS-Trust Feb 2005). @public */
export type TrustVersion = '1.3' | '1.3-slash' | '2005';

/** The URIs of one WS-Trust version. @public */
export interface TrustVersionUris {
  /** Namespace of the wst elements. */
  readonly namespace: string;
  /** `wsa:Action` and SOAPAction of an Issue request. */
  readonly action: string;
  /** `wst:RequestType` of an Issue request. */
  readonly requestType: string;
  /** KeyType sent when the caller does not choose one (a bearer token). */
  readonly defaultKeyType: string;
  /** The URIs of a Validate request and its reply. */
  readonly validate: ValidateUris;
}

/**
 * The Validate URIs of one WS-Trust version (WS-Trust 1.3 section 7).
 *
 * @example
 * ```ts
 * trustVersionUris('1.3').validate.statusTokenType; // 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTR/Status'
 * ```
 * @public
 */
export interface ValidateUris {
  /** `wsa:Action` and SOAPAction of a Validate request. */
  readonly action: string;
  /** `wst:RequestType` of a Validate request. */
  readonly requestType: string;
  /** The TokenType that asks for a status only (no new token). */
  readonly statusTokenType: string;
  /** `wst:Status/wst:Code` of a valid token. */
  readonly validCode: string;
  /** `wst:Status/wst:Code` of an invalid token. */
  readonly invalidCode: string;
  /** `wsa:Action` of the reply. */
  readonly responseAction: string;
}

function validateUris(namespace: string, responseAction: string): ValidateUris {
  return Object.freeze({
    action: `${namespace}/RST/Validate`,
    requestType: `${namespace}/Validate`,
    statusTokenType: `${namespace}/RSTR/Status`,
    validCode: `${namespace}/status/valid`,
    invalidCode: `${namespace}/status/invalid`,
    responseAction: `${namespace}/${responseAction}`,
  });
}

const WST13_URIS: TrustVersionUris = {
  namespace: NS.wst13,
  action: `${NS.wst13}/RST/Issue`,
  requestType: `${NS.wst13}/Issue`,
  defaultKeyType: `${NS.wst13}/Bearer`,
  validate: validateUris(NS.wst13, 'RSTR/ValidateFinal'),
};

const URIS: Readonly<Record<TrustVersion, TrustVersionUris>> = Object.freeze({
  '1.3': Object.freeze(WST13_URIS),
  '1.3-slash': Object.freeze({ ...WST13_URIS, namespace: NS.wst13Slash }),
  '2005': Object.freeze({
    namespace: NS.wst2005,
    action: `${NS.wst2005}/RST/Issue`,
    requestType: `${NS.wst2005}/Issue`,
    defaultKeyType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey',
    validate: validateUris(NS.wst2005, 'RSTR/Validate'),
  }),
});

/**
 * The URIs of a WS-Trust version; throws a TypeError for an unknown version.
 *
 * @example
 * ```ts
 * trustVersionUris('1.3-slash').action; // 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue'
 * ```
 * @public
 */
export function trustVersionUris(version: TrustVersion): TrustVersionUris {
  const uris = Object.hasOwn(URIS, version) ? URIS[version] : undefined;
  if (!uris) throw new TypeError(`unknown WS-Trust version: ${JSON.stringify(version)}`);
  return uris;
}
