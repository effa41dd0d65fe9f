/**
 * The XML front door as one middleware (DESIGN.md section 4 steps 1 to 4): media type → capped body →
 * byte gate → strict parse → SOAP structure → header blocks → unique IDs. Its result is `ctx.state.soap`.
 */
import type { Middleware } from 'koa';
import { InvalidRequestError, quoteForLog } from '@sts/sdk';
import { gateXmlBytes, parseStrictXml, XmlRejectedError, type XmlLimits } from '@sts/sdk/xml';
import { readBody } from '../../http/read-body.js';
import type { StsState } from '../../http/sts-state.js';
import { checkUniqueIds } from '../wssecurity/check-unique-ids.js';
import { readEnvelope, type SoapMessage } from './read-envelope.js';
import { readHeaderBlocks, type HeaderInfo } from './read-header-blocks.js';
import { parseSoapContentType } from './soap-version.js';

export interface SoapRequestState extends StsState {
  soap: SoapMessage & {
    readonly headers: HeaderInfo;
    /** The request as the byte gate decoded it: the one string every later parser sees. */
    readonly text: string;
  };
}

export function readSoapRequest(limits: XmlLimits): Middleware<SoapRequestState> {
  return async (ctx, next) => {
    const contentType = parseSoapContentType(ctx.get('content-type'));
    if (!contentType) {
      throw new InvalidRequestError(`unsupported media type ${quoteForLog(ctx.get('content-type') || '(none)')}`, { httpStatus: 415 });
    }
    ctx.state.soapVersion = contentType.version;
    ctx.state.context = Object.freeze({ ...ctx.state.context, soapVersion: contentType.version });
    if (contentType.charset !== undefined && contentType.charset !== 'utf-8') {
      throw new InvalidRequestError(`charset ${quoteForLog(contentType.charset)} is not supported (UTF-8 only)`, { httpStatus: 415 });
    }
    const soapAction = contentType.version === '1.1' ? ctx.get('soapaction').trim().replace(/^"(.*)"$/, '$1') : contentType.action;
    if (soapAction) ctx.state.transportAction = soapAction;

    const body = await readBody(ctx.req, limits.maxBytes);
    let doc;
    let text: string;
    try {
      text = gateXmlBytes(body, limits);
      doc = parseStrictXml(text);
    } catch (error) {
      if (error instanceof XmlRejectedError) {
        throw new InvalidRequestError(`XML refused: ${error.message}`, { httpStatus: error.code === 'too-large' ? 413 : 500, cause: error });
      }
      throw error;
    }
    const message = readEnvelope(doc, contentType.version);
    const headers = readHeaderBlocks(message.version, message.headerBlocks);
    checkUniqueIds(doc);
    ctx.state.soap = { ...message, headers, text };
    await next();
  };
}
