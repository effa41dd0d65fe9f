/**
 * Reads the request body with a hard cap (DESIGN.md section 4 step 1): a declared Content-Length above the
 * cap is refused before reading; a stream that grows past it is cut off. Both are HTTP 413.
 */
import type { IncomingMessage } from 'node:http';
import { InvalidRequestError } from '@sts/sdk';

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  // A compressed body would pass the size cap and then inflate; we accept none (the gate reads raw UTF-8).
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    req.resume();
    throw new InvalidRequestError(`Content-Encoding ${encoding} is not supported`, { httpStatus: 415 });
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    req.resume();
    throw new InvalidRequestError(`body of ${declared} bytes exceeds ${maxBytes}`, { httpStatus: 413 });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.resume();
      throw new InvalidRequestError(`body exceeds ${maxBytes} bytes`, { httpStatus: 413 });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}
