/**
 * First middleware: a request id, the client address and the receive time, for the log and the plug-ins.
 */
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Clock } from '@sts/sdk';
import type { StsState } from './sts-state.js';

export function requestContext(clock: Clock): Middleware<StsState> {
  return async (ctx, next) => {
    ctx.state.context = Object.freeze({
      requestId: randomUUID(),
      clientAddress: ctx.req.socket.remoteAddress ?? 'unknown',
      endpoint: ctx.path,
      soapVersion: '1.1',
      receivedAt: clock.now(),
    });
    await next();
  };
}
