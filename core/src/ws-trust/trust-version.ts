/**
 * The WS-Trust versions we speak and the URIs each uses (WS-Trust 1.3 sections 4 and 6; WS-Trust
 * 2005/02). WS-Trust 1.3 is accepted in both namespace spellings (the OASIS schema file has a trailing
 * slash; the spec text and most stacks do not); the response echoes the spelling of the request.
 */
import { BadRequestError, InvalidRequestError, quoteForLog } from '@sts/sdk';
import { NS } from '@sts/sdk/xml';

export interface TrustVersion {
  readonly name: '1.3' | '2005';
  /** The namespace exactly as the request spelled it. */
  readonly namespace: string;
  readonly requestTypes: { readonly issue: string; readonly validate: string; readonly renew: string; readonly cancel: string };
  readonly actions: {
    readonly issue: string;
    readonly issueResponse: string;
    readonly validate: string;
    readonly validateResponse: string;
    readonly renew: string;
    readonly renewResponse: string;
    readonly cancel: string;
    readonly cancelResponse: string;
  };
  /**
   * RequestSecurityTokenCollection (WS-Trust 1.3 section 4.3): the RequestType of each RST, the Action of the
   * request and of the RSTRC, per operation (`BatchIssue`, `BatchValidate`, `BatchRenew`, `BatchCancel`).
   */
  readonly batch: { readonly [K in 'issue' | 'validate' | 'renew' | 'cancel']: { readonly requestType: string; readonly action: string; readonly response: string } };
  /** Validate: the TokenType that asks for a status only, and the status codes (WS-Trust 1.3 section 7). */
  readonly status: { readonly tokenType: string; readonly valid: string; readonly invalid: string };
  /** The KeyType we answer with for a bearer token. */
  readonly bearerKeyType: string;
  /** The KeyType URIs of this version (WS-Trust 1.3 section 9.2; 2005/02 section 11.2). */
  readonly keyTypes: { readonly bearer: string; readonly symmetric: string; readonly public: string };
  /** The P_SHA1 ComputedKey algorithm (WS-Trust 1.3 section 4.4.4) and the Nonce BinarySecret type (section 3.3). */
  readonly computedKeyPSha1: string;
  readonly nonceType: string;
}

/** The Batch URIs of a version, built the same way in both (WS-Trust 1.3 section 4.3). */
function batchUris(ns: string, final: string): TrustVersion['batch'] {
  const entry = (name: string) => ({ requestType: `${ns}/Batch${name}`, action: `${ns}/RST/Batch${name}`, response: `${ns}/RSTRC/Batch${name}${final}` });
  return { issue: entry('Issue'), validate: entry('Validate'), renew: entry('Renew'), cancel: entry('Cancel') };
}

const WST13 = NS.wst13;
const V13 = {
  name: '1.3',
  requestTypes: { issue: `${WST13}/Issue`, validate: `${WST13}/Validate`, renew: `${WST13}/Renew`, cancel: `${WST13}/Cancel` },
  actions: {
    issue: `${WST13}/RST/Issue`,
    issueResponse: `${WST13}/RSTRC/IssueFinal`,
    validate: `${WST13}/RST/Validate`,
    validateResponse: `${WST13}/RSTR/ValidateFinal`,
    renew: `${WST13}/RST/Renew`,
    renewResponse: `${WST13}/RSTR/RenewFinal`,
    cancel: `${WST13}/RST/Cancel`,
    cancelResponse: `${WST13}/RSTR/CancelFinal`,
  },
  batch: batchUris(WST13, 'Final'),
  status: { tokenType: `${WST13}/RSTR/Status`, valid: `${WST13}/status/valid`, invalid: `${WST13}/status/invalid` },
  bearerKeyType: `${WST13}/Bearer`,
  keyTypes: { bearer: `${WST13}/Bearer`, symmetric: `${WST13}/SymmetricKey`, public: `${WST13}/PublicKey` },
  computedKeyPSha1: `${WST13}/CK/PSHA1`,
  nonceType: `${WST13}/Nonce`,
} as const;

const TRUST_VERSIONS: ReadonlyMap<string, TrustVersion> = new Map<string, TrustVersion>([
  [NS.wst13, { ...V13, namespace: NS.wst13 }],
  [NS.wst13Slash, { ...V13, namespace: NS.wst13Slash }],
  [
    NS.wst2005,
    {
      name: '2005',
      namespace: NS.wst2005,
      requestTypes: { issue: `${NS.wst2005}/Issue`, validate: `${NS.wst2005}/Validate`, renew: `${NS.wst2005}/Renew`, cancel: `${NS.wst2005}/Cancel` },
      actions: {
        issue: `${NS.wst2005}/RST/Issue`,
        issueResponse: `${NS.wst2005}/RSTR/Issue`,
        validate: `${NS.wst2005}/RST/Validate`,
        validateResponse: `${NS.wst2005}/RSTR/Validate`,
        renew: `${NS.wst2005}/RST/Renew`,
        renewResponse: `${NS.wst2005}/RSTR/Renew`,
        cancel: `${NS.wst2005}/RST/Cancel`,
        cancelResponse: `${NS.wst2005}/RSTR/Cancel`,
      },
      // WS-Trust 2005/02 has no batch URIs of its own; the 1.3 pattern in its namespace, without "Final".
      batch: batchUris(NS.wst2005, ''),
      status: { tokenType: `${NS.wst2005}/RSTR/Status`, valid: `${NS.wst2005}/status/valid`, invalid: `${NS.wst2005}/status/invalid` },
      bearerKeyType: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey',
      keyTypes: { bearer: 'http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey', symmetric: `${NS.wst2005}/SymmetricKey`, public: `${NS.wst2005}/PublicKey` },
      computedKeyPSha1: `${NS.wst2005}/CK/PSHA1`,
      nonceType: `${NS.wst2005}/Nonce`,
    },
  ],
]);

/** The version whose namespace this is, or undefined. */
export function trustVersionOf(namespace: string | undefined): TrustVersion | undefined {
  return namespace === undefined ? undefined : TRUST_VERSIONS.get(namespace);
}

/**
 * KeyType URI → key type, in either version's spelling (a client mixing them still means the same thing);
 * anything else is refused with wst:InvalidRequest (as CXF does), never taken for bearer.
 */
const KEY_TYPES: ReadonlyMap<string, 'bearer' | 'symmetric' | 'public'> = new Map([
  [`${WST13}/Bearer`, 'bearer'],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey', 'bearer'],
  [`${WST13}/SymmetricKey`, 'symmetric'],
  [`${NS.wst2005}/SymmetricKey`, 'symmetric'],
  [`${WST13}/PublicKey`, 'public'],
  [`${NS.wst2005}/PublicKey`, 'public'],
]);

/** The key type a KeyType URI names. */
export function keyTypeOf(uri: string): 'bearer' | 'symmetric' | 'public' {
  const type = KEY_TYPES.get(uri);
  if (type === undefined) throw new InvalidRequestError(`KeyType ${quoteForLog(uri)} is unknown`);
  return type;
}

/** A Validate that asks for a new token issues bearer tokens only: proof keys belong to Issue. */
export function checkBearerKeyType(rst: { readonly keyType?: string }, operation: 'Validate' | 'Renew'): void {
  if (rst.keyType !== undefined && keyTypeOf(rst.keyType) !== 'bearer') {
    throw new BadRequestError(`KeyType ${quoteForLog(rst.keyType)} in a ${operation}: a token issued on ${operation} is a bearer token`);
  }
}
