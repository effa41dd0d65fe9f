/**
 * The OAuth face's error boundary (RFC 6749 section 5.2): every refusal is a JSON object with `error` and a
 * fixed `error_description`, `Cache-Control: no-store` (section 5.1), and for invalid_client after HTTP Basic
 * a 401 with `WWW-Authenticate: Basic` (section 5.2). An StsError that reaches it (a front-door limit) is
 * invalid_request with its HTTP status; anything else is server_error. The reason goes to the log only.
 */
import type { Middleware } from 'koa';
import { isStsError, type Logger } from '@sts/sdk';
import { ClientAbortedError } from '../http/client-aborted-error.js';
import type { StsState } from '../http/sts-state.js';
import { OAuthError } from './oauth-error.js';

export function oauthErrorBoundary(logger: Logger): Middleware<StsState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof ClientAbortedError) throw error;
      const refusal = asOAuthError(error);
      const known = refusal.error !== 'server_error';
      ctx.state.fault = refusal.error;
      logger[known ? 'warn' : 'error'](
        {
          event: 'request.refused',
          requestId: ctx.state.context?.requestId,
          endpoint: ctx.path,
          clientAddress: ctx.state.context?.clientAddress,
          fault: refusal.error,
          reason: refusal.message,
          ...(known ? {} : { stack: (error as Error)?.stack }),
        },
        'request refused',
      );
      ctx.status = refusal.status;
      ctx.type = 'application/json';
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Pragma', 'no-cache');
      if (refusal.basicChallenge) ctx.set('WWW-Authenticate', 'Basic realm="token endpoint", charset="UTF-8"');
      ctx.body = JSON.stringify({ error: refusal.error, error_description: refusal.description });
    }
  };
}

function asOAuthError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  if (isStsError(error) && error.sender) {
    return new OAuthError('invalid_request', 'The request is malformed', { status: error.httpStatus === 500 ? 400 : error.httpStatus, detail: error.message, cause: error });
  }
  return new OAuthError('server_error', 'The server could not serve the request', { detail: (error as Error)?.message ?? String(error), cause: error });
}
