/**
 * Readings remembered by their text (core/src/ws-trust/remembered-by-text.ts): the SOAP media type and the
 * wsa:To. A remembered answer is the reader's answer; the map stays small; only the reading is remembered,
 * never the decision made with it.
 */
import { expect } from 'chai';
import { InvalidRequestError } from '@sts/sdk';
import { checkAddressing, rememberedByText } from '@sts/core';

describe('rememberedByText', () => {
  function counted(max?: number, maxChars?: number) {
    const calls: string[] = [];
    const read = rememberedByText((text: string) => {
      calls.push(text);
      return text === 'none' ? undefined : { length: text.length };
    }, max, maxChars);
    return { read, calls };
  }

  it('answers a text seen before with the first answer, undefined included, without reading it again', () => {
    const { read, calls } = counted();
    const first = read('abc');
    expect(read('abc')).to.equal(first);
    expect(first).to.deep.equal({ length: 3 });
    expect(read('none')).to.equal(undefined);
    expect(read('none')).to.equal(undefined);
    expect(calls).to.deep.equal(['abc', 'none']);
  });

  it('keeps at most `max` texts: when full it starts over, so the first text is read again', () => {
    const { read, calls } = counted(4);
    for (const text of ['a', 'b', 'c', 'd', 'e', 'a']) read(text);
    expect(calls).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'a']);
    read('e');
    expect(calls).to.have.length(6);
  });

  it('never keeps a text longer than `maxChars`', () => {
    const { read, calls } = counted(64, 8);
    const long = 'x'.repeat(9);
    expect(read(long)).to.deep.equal({ length: 9 });
    expect(read(long)).to.deep.equal({ length: 9 });
    expect(calls).to.deep.equal([long, long]);
  });
});

describe('checkAddressing: wsa:To, read once per text, decided on every request', () => {
  const ACTION = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue';
  const ISSUE = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue';
  const origins = new Set(['https://sts.example.com']);
  const check = (to: string, path: string, allowed: ReadonlySet<string> = origins) => () => checkAddressing({ action: ACTION, to }, ACTION, ISSUE, path, allowed);

  it('accepts a To for its own path, and refuses the same To for another path or origin set, in any order', () => {
    const to = 'https://sts.example.com/idp/sts.wst';
    for (let round = 0; round < 2; round++) {
      expect(check(to, '/idp/sts.wst')).not.to.throw();
      expect(check(to, '/sp/sts.wst')).to.throw(InvalidRequestError, /does not name this endpoint/);
      expect(check(to, '/idp/sts.wst', new Set(['https://other.example.com']))).to.throw(InvalidRequestError, /does not name this endpoint/);
    }
  });

  it('refuses a To that is not a URL, every time', () => {
    for (let round = 0; round < 3; round++) expect(check('not a url', '/idp/sts.wst')).to.throw(InvalidRequestError, /does not name this endpoint/);
  });
});
