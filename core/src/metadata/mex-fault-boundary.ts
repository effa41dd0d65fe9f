/**
 * The metadata face's SOAP error boundary, inside the WS-Trust face's: it renders the one MEX-specific
 * refusal, UnsupportedMetadata (W3C WS-MetadataExchange section 10.1: Code Sender, Subcode
 * mex:UnsupportedMetadata), in the request's SOAP version and the 2004/09 MEX namespace. Every other error
 * goes on to the WS-Trust fault boundary (wst:InvalidRequest, ...), so a malformed metadata request is
 * answered like a malformed RST.
 */
import type { Middleware } from 'koa';
import type { Logger } from '@sts/sdk';
import { el } from '@sts/sdk/xml';
import type { StsState } from '../http/sts-state.js';
import { SOAP_MEDIA_TYPE } from '../ws-trust/soap/soap-version.js';
import { writeEnvelope } from '../ws-trust/soap/write-envelope.js';
import { UnsupportedMetadataError } from './metadata-error.js';
import { MD } from './metadata-namespaces.js';

const REASON = 'The requested metadata is not supported';

export function mexFaultBoundary(logger: Logger): Middleware<StsState> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof UnsupportedMetadataError)) throw error;
      const version = ctx.state.soapVersion ?? '1.1';
      ctx.state.fault = 'mex:UnsupportedMetadata';
      logger.warn(
        { event: 'request.refused', requestId: ctx.state.context?.requestId, endpoint: ctx.path, fault: 'UnsupportedMetadata', reason: error.message },
        'request refused',
      );
      const fault =
        version === '1.1'
          ? el('s:Fault', { xmlns: { mex: MD.mex } }, [el('faultcode', {}, ['mex:UnsupportedMetadata']), el('faultstring', {}, [REASON])])
          : el('s:Fault', { xmlns: { mex: MD.mex } }, [
              el('s:Code', {}, [el('s:Value', {}, ['s:Sender']), el('s:Subcode', {}, [el('s:Value', {}, ['mex:UnsupportedMetadata'])])]),
              el('s:Reason', {}, [el('s:Text', { 'xml:lang': 'en' }, [REASON])]),
            ]);
      // SOAP 1.1 section 6.2: a fault is 500; SOAP 1.2 part 2 section 7.5.1.2: a Sender fault is 400.
      ctx.status = version === '1.1' ? 500 : 400;
      ctx.type = SOAP_MEDIA_TYPE[version];
      ctx.body = writeEnvelope(version, [], fault);
    }
  };
}
