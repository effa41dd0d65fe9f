/**
 * The value objects of the protocol-neutral exchange (DESIGN.md section 2, `core/src/exchange/`). A face
 * (WS-Trust today, OAuth token exchange next) reads its wire format into these and writes its answer from
 * them; nothing here names a SOAP, WS-Trust or OAuth element.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { IssuedToken, ProcessedToken, ReceivedToken, RequestContext } from '@sts/sdk';
import type { ProcessorInstance } from '../plugins/plugin-registry.js';
import type { StsRole } from '../policy/policy-resolver.js';
import type { Issuance } from './issuance.js';

/**
 * A token the face found and the processor instance that accepts it. The exchange decides the token's
 * `purpose` (a status check consumes nothing one-time), so the face leaves it out.
 */
export interface PresentedToken {
  readonly processor: ProcessorInstance;
  readonly token: Omit<ReceivedToken, 'purpose'>;
}

/** What to issue for the subject token. */
export interface IssueQuery {
  /** The token-type URI asked for; the policy's default when absent. */
  readonly tokenType?: string;
  /** The partner the token is for (WS-Trust AppliesTo, OAuth audience or resource). */
  readonly audience?: string;
  /** The authenticated client the token is issued to, when the face has one (IssueRequest.clientId). */
  readonly clientId?: string;
  /** The scope granted, already checked by the face against what its client may have (IssueRequest.scope). */
  readonly scope?: readonly string[];
  /**
   * The proof key asked for, or `connection-default` (the request named no key type). Absent: the face has
   * no way to hand a proof key over (OAuth), so only a bearer token may be issued.
   */
  readonly proofKey?: ProofKeyQuery | 'connection-default';
  /**
   * The claims the client asked for (WS-Trust Claims, identity dialect): the issued attributes are narrowed to
   * them (policy/narrow-to-claims.ts). Absent: the whole attribute contract.
   */
  readonly claims?: readonly { readonly uri: string; readonly optional: boolean }[];
}

/** A proof-key request, read by the face (WS-Trust 1.3 section 9.2: KeyType, KeySize, Entropy, UseKey). */
export type ProofKeyQuery =
  | { readonly type: 'bearer' }
  /** Bits of the key (the policy's default when absent); with requestor entropy the key is computed (P_SHA1). */
  | { readonly type: 'symmetric'; readonly keySizeBits?: number; readonly requestorEntropy?: Uint8Array }
  /**
   * The requester's key (UseKey). `proven`: the request carries a signature by this key, which the
   * subject's processor verifies before anything is issued.
   */
  | { readonly type: 'public'; readonly publicKey: KeyObject; readonly certificate?: X509Certificate; readonly proven: boolean };

export type ProofKeyType = ProofKeyQuery['type'];

/** The proof key of an issued token, for the face to return (WS-Trust 1.3 sections 4.4.3 and 4.4.4). */
export type IssuedProof =
  | { readonly type: 'bearer' }
  /** `issuerEntropy` present: the key was computed from both entropies and the client computes it too. */
  | { readonly type: 'symmetric'; readonly key: Uint8Array; readonly keySizeBits: number; readonly issuerEntropy?: Uint8Array }
  | { readonly type: 'public' };

export interface ExchangeRequest {
  /** Which policy table applies: SP connections (idp), IdP connections (sp) or token mappings (translator). */
  readonly role: StsRole;
  /**
   * `issue`: authenticate with the subject token and issue a token; `validate`: check the subject token and
   * report its validity, or, with an {@link IssueQuery}, exchange it for a new token.
   */
  readonly operation: 'issue' | 'validate';
  /** The token the request is about: the credential of an Issue, the target of a Validate. */
  readonly subject: PresentedToken;
  /** The caller's own credential when it is not the subject token (a Validate's Security header token). */
  readonly caller?: PresentedToken;
  /**
   * Delegation: a token of the party acting for the subject. Processed after the subject, consumed like it,
   * and recorded in the issued token (IssueRequest.actor); issue only.
   */
  readonly actor?: PresentedToken;
  /**
   * Delegation the WS-Trust way (OnBehalfOf, ActAs): the `caller` is the requester, authenticated first by its
   * own credential, and becomes the actor; the `subject` is the delegated token. The policy must allow it
   * (policy/check-delegation.ts); issue only.
   */
  readonly delegation?: 'on-behalf-of' | 'act-as';
  /** What to issue for the subject. `issue` always issues; a `validate` without it is a status check. */
  readonly issue?: IssueQuery;
  /** The processor instance the client expects for the subject token (PingFederate's TokenProcessorId). */
  readonly expectedProcessorId?: string;
  readonly context: RequestContext;
  /**
   * Runs once the request has authenticated (its credential verified by its processor) and before anything
   * is issued: the face records its one-time values here, never earlier (issue 7, DESIGN.md section 4 step 7).
   * Not called for a status check without a caller credential, which authenticates no one.
   */
  readonly authenticated?: () => Promise<void>;
}

export interface IssuedResult {
  readonly token: IssuedToken;
  /** The audience the token was issued for. */
  readonly audience: string;
  /** The key the token is bound to. */
  readonly proof: IssuedProof;
  /** What it was issued from (the issued-token store records it: README "Renew and Cancel"). */
  readonly issuance?: Issuance;
}

export type ExchangeResult =
  | {
      readonly valid: true;
      readonly processed: ProcessedToken;
      readonly issued?: IssuedResult;
      /** The caller's own credential, processed (a delegation's requester): who asked, for the issued-token store. */
      readonly caller?: ProcessedToken;
    }
  /** A status check of a token that its processor refused: `reason` is the public fault reason. */
  | { readonly valid: false; readonly reason: string };
