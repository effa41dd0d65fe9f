/**
 * A refusal of the OAuth face, rendered by {@link oauthErrorBoundary} as an RFC 6749 section 5.2 error
 * response. `description` goes on the wire (`error_description`), so it is always fixed text written here,
 * never a request value: no error body can echo a token. The detail for the operator goes to the log.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  /** RFC 8693 section 2.2.2: no connection for the audience or resource. */
  | 'invalid_target'
  | 'server_error';

export interface OAuthErrorOptions {
  /** HTTP status; 400 unless stated (RFC 6749 section 5.2). */
  readonly status?: number;
  /** The log-only reason. */
  readonly detail?: string;
  /** invalid_client after an attempt with HTTP Basic: 401 with a Basic challenge (RFC 6749 section 5.2). */
  readonly basicChallenge?: boolean;
  readonly cause?: unknown;
}

export class OAuthError extends Error {
  readonly status: number;
  readonly basicChallenge: boolean;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    options: OAuthErrorOptions = {},
  ) {
    super(options.detail ?? description, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OAuthError';
    this.status = options.status ?? (error === 'invalid_client' ? 401 : error === 'server_error' ? 500 : 400);
    this.basicChallenge = options.basicChallenge ?? false;
  }
}
