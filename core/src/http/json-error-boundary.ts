/**
 * The error boundary of the plain HTTP routes (the JWKS): any error becomes a bare JSON 500, with no stack,
 * no message and no SOAP envelope; the detail goes to the log only, as for every other refusal.
 */
import type { Middleware } from 'koa';
import type { Logger } from '@sts/sdk';
import type { StsState } from './sts-state.js';

export function jsonErrorBoundary(logger: Logger): Middleware<StsState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const err = error as Error;
      logger.error(
        { event: 'request.refused', requestId: ctx.state.context?.requestId, endpoint: ctx.path, fault: 'server_error', reason: err?.message, stack: err?.stack },
        'request refused',
      );
      ctx.status = 500;
      ctx.type = 'application/json';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = JSON.stringify({ error: 'server_error' });
    }
  };
}
