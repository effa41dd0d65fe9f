/**
 * The value objects of the protocol-neutral exchange (DESIGN.md section 2, `core/src/exchange/`). A face
 * (WS-Trust today, OAuth token exchange next) reads its wire format into these and writes its answer from
 * them; nothing here names a SOAP, WS-Trust or OAuth element.
 */
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
   * The claims the client asked for (WS-Trust Claims, identity dialect): the issued attributes are narrowed to
   * them (policy/narrow-to-claims.ts). Absent: the whole attribute contract.
   */
  readonly claims?: readonly { readonly uri: string; readonly optional: boolean }[];
}

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
