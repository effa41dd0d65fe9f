/**
 * The error boundary of the metadata face's GET routes: a MetadataError becomes its status (404 unknown
 * partner, 400 a malformed query, 405 a wrong method) with a one-line plain-text reason; anything else a bare
 * 500. Details go to the log only; nothing from the request is echoed back.
 */
import type { Middleware } from 'koa';
import type { Logger } from '@sts/sdk';
import type { StsState } from '../http/sts-state.js';
import { MetadataError } from './metadata-error.js';

const REASON: Readonly<Record<number, string>> = {
  400: 'bad metadata request',
  404: 'no metadata for this partner',
  405: 'method not allowed',
  500: 'metadata unavailable',
};

export function metadataErrorBoundary(logger: Logger): Middleware<StsState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const known = error instanceof MetadataError;
      const status = known ? error.httpStatus : 500;
      const err = error as Error;
      logger[known ? 'warn' : 'error'](
        { event: 'request.refused', requestId: ctx.state.context?.requestId, endpoint: ctx.path, fault: `http:${status}`, reason: err?.message, ...(known ? {} : { stack: err?.stack }) },
        'request refused',
      );
      ctx.status = status;
      if (status === 405) ctx.set('Allow', 'POST');
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${REASON[status]}\n`;
    }
  };
}
