/** `readCappedBody`: the bounded body read behind the STS client and the JWKS fetch. */
import { expect } from 'chai';
import { readCappedBody } from '@sts/sdk';

function stream(chunks: readonly string[], onCancel: () => void = () => {}): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(Buffer.from(chunks[i++]!, 'utf8'));
      else controller.close();
    },
    cancel: onCancel,
  });
}

describe('readCappedBody', () => {
  it('reads every chunk up to and including the cap', async () => {
    expect((await readCappedBody(stream(['ab', 'cd', 'e']), 5))?.toString('utf8')).to.equal('abcde');
  });

  it('reads a missing body as empty', async () => {
    expect(await readCappedBody(null, 5)).to.deep.equal(Buffer.alloc(0));
  });

  it('stops past the cap, cancels the stream and returns undefined', async () => {
    let cancelled = false;
    const body = stream(['abc', 'def', 'never read'], () => {
      cancelled = true;
    });
    expect(await readCappedBody(body, 5)).to.equal(undefined);
    expect(cancelled).to.equal(true);
  });
});
