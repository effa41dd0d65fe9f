import { expect } from 'chai';
import { LeastConnections } from '@sts/core';

function pickMany(chooser: LeastConnections<string>, n: number): string[] {
  return Array.from({ length: n }, () => chooser.pick()!);
}

describe('LeastConnections: the primary hands each connection to the worker that holds the fewest', () => {
  it('splits connections opened at once evenly, equal workers taking turns', () => {
    const chooser = new LeastConnections<string>();
    chooser.add('a');
    chooser.add('b');
    const picked = pickMany(chooser, 8);
    expect(picked.filter((k) => k === 'a')).to.have.length(4);
    expect(picked.filter((k) => k === 'b')).to.have.length(4);
    expect(Object.fromEntries(chooser.counts())).to.deep.equal({ a: 4, b: 4 });
  });

  it('gives new connections to the worker whose connections closed, until the counts are even again', () => {
    const chooser = new LeastConnections<string>();
    chooser.add('a');
    chooser.add('b');
    pickMany(chooser, 8);
    for (let i = 0; i < 3; i++) chooser.closed('a');
    expect(pickMany(chooser, 3)).to.deep.equal(['a', 'a', 'a']);
    expect(Object.fromEntries(chooser.counts())).to.deep.equal({ a: 4, b: 4 });
  });

  it('sends a new worker the next connections until it holds as many as the old ones', () => {
    const chooser = new LeastConnections<string>();
    chooser.add('a');
    pickMany(chooser, 3);
    chooser.add('b');
    expect(pickMany(chooser, 3)).to.deep.equal(['b', 'b', 'b']);
    expect(pickMany(chooser, 2).sort()).to.deep.equal(['a', 'b']);
  });

  it('never picks a removed worker, ignores its later closes, and has nothing to pick once none is left', () => {
    const chooser = new LeastConnections<string>();
    chooser.add('a');
    chooser.add('b');
    pickMany(chooser, 4);
    chooser.remove('a');
    chooser.closed('a');
    expect(pickMany(chooser, 3)).to.deep.equal(['b', 'b', 'b']);
    expect(chooser.counts().has('a')).to.equal(false);
    chooser.remove('b');
    expect(chooser.pick()).to.equal(undefined);
  });

  it('keeps a count at zero when a close is reported twice, and keeps the count of a worker added again', () => {
    const chooser = new LeastConnections<string>();
    chooser.add('a');
    chooser.pick();
    chooser.closed('a');
    chooser.closed('a');
    expect(chooser.counts().get('a')).to.equal(0);
    chooser.pick();
    chooser.add('a');
    expect(chooser.counts().get('a')).to.equal(1);
  });
});
