import { expect } from 'chai';
import { findDuplicateMember } from '@sts/sdk';

describe('findDuplicateMember', () => {
  it('finds nothing in JSON without repeated names', () => {
    expect(findDuplicateMember('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}')).to.equal(undefined);
    expect(findDuplicateMember(' [1, "x", true, false, null, -0.5e+3, {}] ')).to.equal(undefined);
  });

  it('finds a repeated top-level name', () => {
    expect(findDuplicateMember('{"sub":"joe","iss":"x","sub":"admin"}')).to.equal('sub');
  });

  it('finds a repeated name in a nested object and in an object inside an array', () => {
    expect(findDuplicateMember('{"a":{"b":1,"b":2}}')).to.equal('a.b');
    expect(findDuplicateMember('{"a":[{"x":1},{"y":1,"y":2}]}')).to.equal('a[1].y');
  });

  it('compares names after unescaping', () => {
    expect(findDuplicateMember('{"sub":"joe","\\u0073ub":"admin"}')).to.equal('sub');
    expect(findDuplicateMember('{"a\\/b":1,"a/b":2}')).to.equal('a/b');
  });

  it('tells names that differ only in case apart', () => {
    expect(findDuplicateMember('{"sub":1,"Sub":2}')).to.equal(undefined);
  });

  it('throws a SyntaxError on text that is not exactly one JSON value', () => {
    for (const text of ['', '{', '{"a":1,}', "{'a':1}", '{"a":1} x', '{"a":01}', '{"a":"\u0001"}', 'NaN', '{"a" 1}', '[1,]']) {
      expect(() => findDuplicateMember(text), JSON.stringify(text)).to.throw(SyntaxError);
    }
  });

  it('refuses nesting deeper than 32 levels', () => {
    expect(() => findDuplicateMember(`${'['.repeat(40)}${']'.repeat(40)}`)).to.throw(SyntaxError, /deeper than 32/);
    expect(findDuplicateMember(`${'['.repeat(20)}${']'.repeat(20)}`)).to.equal(undefined);
  });

  it('agrees with JSON.parse on every text it accepts', () => {
    for (const text of ['{"a":"\\ud83d\\ude00","b":[1e5,2E-3,0]}', '"x"', '0', '{"__proto__":1}']) {
      expect(findDuplicateMember(text)).to.equal(undefined);
      expect(() => JSON.parse(text)).not.to.throw();
    }
  });
});
