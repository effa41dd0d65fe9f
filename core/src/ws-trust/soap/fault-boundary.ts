/**
 * The one place errors become SOAP faults (DESIGN.md section 4 step 10). An StsError is rendered with its
 * WS-Trust QName and standard reason; a SOAP protocol error with its SOAP code; anything else becomes
 * wst:RequestFailed with SOAP Code Receiver. The specific reason and the cause go to the log only, never
 * onto the wire, so security failures look the same from outside.
 */
import type { Middleware } from 'koa';
import { isStsError, ServerFailureError, type Logger } from '@sts/sdk';
import { ClientAuthenticationError } from '../client-authentication-error.js';
import { SoapProtocolError } from './soap-protocol-error.js';
import { SOAP_MEDIA_TYPE } from './soap-version.js';
import { writeProtocolFault, writeStsFault } from './write-fault.js';
import type { StsState } from '../../http/sts-state.js';

export function faultBoundary(logger: Logger): Middleware<StsState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const version = ctx.state.soapVersion ?? '1.1';
      const known = isStsError(error) || error instanceof SoapProtocolError;
      const fault =
        error instanceof SoapProtocolError
          ? writeProtocolFault(version, error)
          : writeStsFault(version, isStsError(error) ? error : new ServerFailureError('unexpected error', { cause: error }), ctx.state.trustNamespace);
      const err = error as Error;
      const code = isStsError(error) ? error.faultCode : error instanceof SoapProtocolError ? error.soapCode : 'RequestFailed';
      ctx.state.fault = error instanceof SoapProtocolError ? `s:${code}` : `wst:${code}`;
      logger[known ? 'warn' : 'error'](
        {
          event: 'request.refused',
          requestId: ctx.state.context?.requestId,
          endpoint: ctx.path,
          clientAddress: ctx.state.context?.clientAddress,
          ...(ctx.state.context?.clientId === undefined ? {} : { clientId: ctx.state.context.clientId }),
          fault: code,
          reason: err?.message,
          ...(known ? {} : { stack: err?.stack }),
        },
        'request refused',
      );
      ctx.status = fault.status;
      // HTTP Basic was required and not met: 401 and the challenge (RFC 7235 section 3.1), around the same fault.
      if (error instanceof ClientAuthenticationError && error.challenge !== undefined) {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', error.challenge);
      }
      ctx.type = SOAP_MEDIA_TYPE[version];
      ctx.body = fault.body;
    }
  };
}
