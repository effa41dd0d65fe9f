/**
 * The SOAP media type (core/src/ws-trust/soap/soap-version.ts), read once per spelling and remembered: the
 * answer for a header seen before is the answer it got the first time, for every spelling.
 */
import { expect } from 'chai';
import { parseSoapContentType } from '@sts/core';

const CASES: readonly [string, unknown][] = [
  ['text/xml; charset=utf-8', { version: '1.1', charset: 'utf-8' }],
  ['TEXT/XML', { version: '1.1' }],
  ['application/soap+xml; charset=UTF-8; action="urn:a"', { version: '1.2', charset: 'utf-8', action: 'urn:a' }],
  ['application/soap+xml;action=urn:b', { version: '1.2', action: 'urn:b' }],
  ['application/soap+xml; charset=iso-8859-1', { version: '1.2', charset: 'iso-8859-1' }],
  ['application/json', undefined],
  ['text/xmlx', undefined],
];

describe('parseSoapContentType: the media type, remembered per spelling', () => {
  it('reads each spelling the same the first time and every later time, in any order', () => {
    for (let round = 0; round < 3; round++) {
      for (const [header, expected] of round === 1 ? [...CASES].reverse() : CASES) {
        expect(parseSoapContentType(header), `${header} (round ${round})`).to.deep.equal(expected);
      }
    }
    expect(parseSoapContentType(undefined)).to.equal(undefined);
    expect(parseSoapContentType('')).to.equal(undefined);
  });

  it('gives a frozen answer, so that no caller can change what the next request gets', () => {
    const answer = parseSoapContentType('application/soap+xml; action="urn:frozen"')!;
    expect(Object.isFrozen(answer)).to.equal(true);
  });

  it('stays right past its bound: many spellings (more than it keeps), then the first ones again', () => {
    const many = Array.from({ length: 200 }, (_, i) => `application/soap+xml; action="urn:a${i}"`);
    for (const header of many) expect(parseSoapContentType(header)!.action).to.equal(header.slice(header.indexOf('"') + 1, -1));
    for (const header of many.slice(0, 10)) expect(parseSoapContentType(header)!.action).to.equal(header.slice(header.indexOf('"') + 1, -1));
    const long = `application/soap+xml; action="urn:${'x'.repeat(1000)}"`;
    expect(parseSoapContentType(long)!.action).to.have.length(1004);
    expect(parseSoapContentType(long)!.action).to.have.length(1004);
  });
});
