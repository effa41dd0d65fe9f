/**
 * The one error the client throws for a reply it cannot use (or, for the web service helpers, a request it
 * cannot read). A SOAP fault is not an error: it comes back as `{ ok: false, fault }`, because a refusal is
 * a normal answer of an STS.
 *
 * @example
 * ```ts
 * try {
 *   await client.issue({ appliesTo, username, password });
 * } catch (error) {
 *   if (error instanceof StsClientError && error.code === 'timeout') retryLater();
 * }
 * ```
 * @public
 */

/**
 * Why the reply is unusable:
 * - `malformed-response`: not well-formed XML, not UTF-8, or refused by the client's XML gate (DOCTYPE, PI);
 * - `unexpected-response`: well-formed, but neither an RSTR(C) nor a SOAP fault, or missing a required part;
 * - `http-error`: a non-2xx status without a SOAP fault, or a success body with a non-2xx status;
 * - `response-too-large`: the body exceeded the client's size cap;
 * - `timeout`: no complete reply within the time limit;
 * - `network`: the request could not be sent or the reply not read;
 * - `unexpected-request`: a SOAP request a web service received (see {@link findSecurityToken}) is not
 *   well-formed, not a SOAP envelope, or does not carry one usable security token in one Security header.
 * @public
 */
export type StsClientErrorCode =
  | 'malformed-response'
  | 'unexpected-response'
  | 'http-error'
  | 'response-too-large'
  | 'timeout'
  | 'network'
  | 'unexpected-request';

/** Options of {@link StsClientError}. @public */
export interface StsClientErrorOptions {
  readonly cause?: unknown;
  /** The HTTP status, when a reply arrived. */
  readonly httpStatus?: number;
}

/** @public */
export class StsClientError extends Error {
  readonly httpStatus: number | undefined;

  constructor(
    readonly code: StsClientErrorCode,
    message: string,
    options: StsClientErrorOptions = {},
  ) {
    super(`${code}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StsClientError';
    this.httpStatus = options.httpStatus;
  }
}
