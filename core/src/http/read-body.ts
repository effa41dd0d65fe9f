/**
 * Reads the request body with a hard cap (DESIGN.md section 4 step 1): a declared Content-Length above the
 * cap is refused before reading; a stream that grows past it is cut off. Both are HTTP 413. A client that
 * goes away before the body is complete raises `ClientAbortedError` (logged once, answered with nothing).
 */
import type { IncomingMessage } from 'node:http';
import { InvalidRequestError, isStsError, quoteForLog } from '@sts/sdk';
import { ClientAbortedError } from './client-aborted-error.js';

const ABORT_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

function isAbort(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && ABORT_CODES.has(code)) || message === 'aborted' || message === 'request aborted';
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  // A compressed body would pass the size cap and then inflate; we accept none (the gate reads raw UTF-8).
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    req.resume();
    throw new InvalidRequestError(`Content-Encoding ${quoteForLog(encoding)} is not supported`, { httpStatus: 415 });
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    req.resume();
    throw new InvalidRequestError(`body of ${declared} bytes exceeds ${maxBytes}`, { httpStatus: 413 });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        req.resume();
        throw new InvalidRequestError(`body exceeds ${maxBytes} bytes`, { httpStatus: 413 });
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (isStsError(error)) throw error; // the size cap above: a refusal, answered with a fault
    // A reset or closed connection ('aborted', ECONNRESET, a premature close) is the client leaving, not a bad request.
    if (req.destroyed || req.readableAborted || isAbort(error)) throw new ClientAbortedError({ cause: error });
    throw error;
  }
  if (!req.complete) throw new ClientAbortedError();
  return Buffer.concat(chunks, size);
}
