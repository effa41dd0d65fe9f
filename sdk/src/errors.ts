/**
 * The closed family of errors a plug-in (or the kernel) throws to refuse a request.
 *
 * Each subclass is one WS-Trust 1.3 fault (section 11). The kernel's fault boundary renders it as a SOAP 1.1
 * `faultcode` or a SOAP 1.2 `Code/Subcode` carrying the `wst:` QName and the standard reason text. The
 * `message` (the specific reason) and `cause` go to the log only: security failures look the same from outside.
 *
 * The boundary recognises these errors by a global-symbol brand ({@link isStsError}), never `instanceof`,
 * because a plug-in may bring its own copy of the SDK.
 *
 * @example
 * ```ts
 * throw new FailedAuthenticationError('password mismatch for user joe');
 * ```
 * @public
 */

const STS_ERROR_BRAND = Symbol.for('sts.error');
/**
 * The longest message (log reason) kept. Reasons quote request values through `quoteForLog`; this cap is the
 * backstop for one that forgot to, so no refusal can copy a whole attacker-chosen value into the log (issue 7).
 */
const MAX_MESSAGE_LENGTH = 1024;

/** The WS-Trust fault local names (WS-Trust 1.3 section 11, and the WS-Security 1.1 ones we reuse). @public */
export type WsTrustFaultCode =
  | 'InvalidRequest'
  | 'FailedAuthentication'
  | 'RequestFailed'
  | 'InvalidSecurityToken'
  | 'AuthenticationBadElements'
  | 'BadRequest'
  | 'ExpiredData'
  | 'InvalidTimeRange'
  | 'InvalidScope'
  | 'RenewNeeded'
  | 'UnableToRenew';

/** The standard fault strings of WS-Trust 1.3 section 11: the only reason text that goes on the wire. @public */
export const FAULT_REASONS: Readonly<Record<WsTrustFaultCode, string>> = Object.freeze({
  InvalidRequest: 'The request was invalid or malformed',
  FailedAuthentication: 'Authentication failed',
  RequestFailed: 'The specified request failed',
  InvalidSecurityToken: 'Security token has been revoked',
  AuthenticationBadElements: 'Insufficient Digest Elements',
  BadRequest: 'The specified RequestSecurityToken is not understood.',
  ExpiredData: 'The request data is out-of-date',
  InvalidTimeRange: 'The requested time range is invalid or unsupported',
  InvalidScope: 'The request scope is invalid or unsupported',
  RenewNeeded: 'A renewable security token has expired',
  UnableToRenew: 'The requested renewal failed',
});

/** Options shared by every {@link StsError}. @public */
export interface StsErrorOptions {
  /** The underlying error, for the log only. */
  readonly cause?: unknown;
  /** HTTP status of the fault response; SOAP faults use 500 unless a transport rule says otherwise (413). */
  readonly httpStatus?: number;
  /**
   * Text the client may see instead of the standard reason. Only for operator-configured messages (an
   * issuance criterion's error); never for anything derived from a security check.
   */
  readonly publicReason?: string;
}

/**
 * Base class of the family. Use a subclass; `faultCode` picks the WS-Trust QName, `sender` the SOAP 1.2 Code.
 * @public
 */
export abstract class StsError extends Error {
  abstract readonly faultCode: WsTrustFaultCode;
  /** true: the requester is at fault (SOAP 1.1 Client, SOAP 1.2 Sender); false: the server (Receiver). */
  readonly sender: boolean = true;
  readonly httpStatus: number;
  readonly [STS_ERROR_BRAND] = true;

  constructor(message: string, options: StsErrorOptions = {}) {
    const bounded = message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH)}… (${message.length} characters)`;
    super(bounded, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.httpStatus = options.httpStatus ?? 500;
    this.publicReason = options.publicReason;
  }

  private readonly publicReason: string | undefined;

  /** The reason text sent to the client: the standard one (or a configured public reason), never `message`. */
  get reason(): string {
    return this.publicReason ?? FAULT_REASONS[this.faultCode];
  }
}

/** Brand guard: true for an {@link StsError} from any copy of the SDK. @public */
export function isStsError(value: unknown): value is StsError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[STS_ERROR_BRAND] === true;
}

/** `wst:InvalidRequest`: the request was invalid or malformed. @public */
export class InvalidRequestError extends StsError {
  readonly faultCode = 'InvalidRequest' as const;
}
/** `wst:FailedAuthentication`: the credential was refused; every cause looks the same on the wire. @public */
export class FailedAuthenticationError extends StsError {
  readonly faultCode = 'FailedAuthentication' as const;
}
/** `wst:RequestFailed`: the request was understood but cannot be served (unknown partner, disabled plug-in). @public */
export class RequestFailedError extends StsError {
  readonly faultCode = 'RequestFailed' as const;
}
/** `wst:InvalidSecurityToken`: a presented token is invalid (bad signature, wrong audience, revoked). @public */
export class InvalidSecurityTokenError extends StsError {
  readonly faultCode = 'InvalidSecurityToken' as const;
}
/** `wst:AuthenticationBadElements`: a digest credential lacks the elements it needs. @public */
export class AuthenticationBadElementsError extends StsError {
  readonly faultCode = 'AuthenticationBadElements' as const;
}
/** `wst:BadRequest`: the RST is not understood (unsupported RequestType or TokenType). @public */
export class BadRequestError extends StsError {
  readonly faultCode = 'BadRequest' as const;
}
/** `wst:ExpiredData`: the request data is out of date (stale or future Timestamp, replay). @public */
export class ExpiredDataError extends StsError {
  readonly faultCode = 'ExpiredData' as const;
}
/** `wst:InvalidTimeRange`: the requested lifetime is invalid or unsupported. @public */
export class InvalidTimeRangeError extends StsError {
  readonly faultCode = 'InvalidTimeRange' as const;
}
/** `wst:InvalidScope`: the request scope (AppliesTo) is invalid or unsupported. @public */
export class InvalidScopeError extends StsError {
  readonly faultCode = 'InvalidScope' as const;
}
/** `wst:RenewNeeded`: a renewable token has expired. @public */
export class RenewNeededError extends StsError {
  readonly faultCode = 'RenewNeeded' as const;
}
/** `wst:UnableToRenew`: the renewal failed. @public */
export class UnableToRenewError extends StsError {
  readonly faultCode = 'UnableToRenew' as const;
}
/** A server-side failure reported as `wst:RequestFailed` with SOAP Code Receiver. @public */
export class ServerFailureError extends StsError {
  readonly faultCode = 'RequestFailed' as const;
  override readonly sender = false;
}
