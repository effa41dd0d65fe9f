import { expect } from 'chai';
import { RestartBackoff } from '@sts/core';

describe('RestartBackoff: a worker that keeps dying waits longer each time', () => {
  it('doubles the delay for each quick death of a slot, up to the cap', () => {
    const backoff = new RestartBackoff(200, 30_000, 60_000);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(() => backoff.next(0, 1000))).to.deep.equal([200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000]);
  });

  it('starts over for a worker that lived past the stable period, and keeps slots apart', () => {
    const backoff = new RestartBackoff(200, 30_000, 60_000);
    backoff.next(0, 10);
    backoff.next(0, 10);
    expect(backoff.next(1, 10)).to.equal(200);
    expect(backoff.next(0, 10)).to.equal(800);
    expect(backoff.next(0, 60_000)).to.equal(200);
    expect(backoff.next(0, 10)).to.equal(400);
  });
});
