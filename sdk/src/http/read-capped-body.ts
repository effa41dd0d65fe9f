/**
 * Reads an HTTP body stream (`response.body`) to its end, but never more than `maxBytes`: once the bytes read
 * pass the cap, the stream is cancelled and the result is undefined, so an oversized or endless body is never
 * buffered whole. A missing body reads as empty. The caller checks a declared Content-Length first, decodes,
 * and words its own error.
 * @public
 */
export async function readCappedBody(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer | undefined> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
