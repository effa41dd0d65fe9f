/**
 * Placed between the fault boundary and the routes: a request whose client went away while its body was read
 * (`ClientAbortedError`) is logged once as `request.aborted` at info, without a stack trace, and no response
 * is attempted (`ctx.respond = false`). Under slow-client load these were 551 error lines with stacks in 20 s
 * (issue 7); they are a client's doing, not a server fault, and there is no one to send a fault to.
 */
import type { Middleware } from 'koa';
import type { Logger } from '@sts/sdk';
import { ClientAbortedError } from './client-aborted-error.js';
import type { StsState } from './sts-state.js';

export function dropAbortedRequests(logger: Logger): Middleware<StsState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof ClientAbortedError)) throw error;
      logger.info(
        { event: 'request.aborted', requestId: ctx.state.context?.requestId, endpoint: ctx.path, clientAddress: ctx.state.context?.clientAddress },
        'client aborted the request',
      );
      ctx.respond = false;
    }
  };
}
