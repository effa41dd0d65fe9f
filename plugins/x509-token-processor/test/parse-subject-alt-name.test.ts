import { expect } from 'chai';
import { parseSubjectAltName } from '../src/parse-subject-alt-name.js';

describe('parseSubjectAltName', () => {
  it('reads plain email, DNS, UPN, URI and IP entries', () => {
    expect(parseSubjectAltName('email:alice@example.com, DNS:alice.example.com, othername:UPN:alice@corp.example, URI:https://x.example/a, IP Address:10.0.0.1')).to.deep.equal([
      { type: 'email', value: 'alice@example.com' },
      { type: 'DNS', value: 'alice.example.com' },
      { type: 'othername', value: 'UPN:alice@corp.example' },
      { type: 'URI', value: 'https://x.example/a' },
      { type: 'IP Address', value: '10.0.0.1' },
    ]);
  });

  it('reads JSON-quoted values, so a comma inside a value cannot inject another name (CVE-2021-44532)', () => {
    expect(parseSubjectAltName('email:"a\\u002cb@x", DNS:"x\\u002c DNS:evil.com", othername:"UPN:u\\u002c DNS:evil"')).to.deep.equal([
      { type: 'email', value: 'a,b@x' },
      { type: 'DNS', value: 'x, DNS:evil.com' },
      { type: 'othername', value: 'UPN:u, DNS:evil' },
    ]);
  });

  it('returns nothing when there is no extension', () => {
    expect(parseSubjectAltName(undefined)).to.deep.equal([]);
    expect(parseSubjectAltName('')).to.deep.equal([]);
  });

  it('keeps an unsupported otherName as it is printed', () => {
    expect(parseSubjectAltName('othername:<unsupported>, DNS:a')).to.deep.equal([
      { type: 'othername', value: '<unsupported>' },
      { type: 'DNS', value: 'a' },
    ]);
  });

  it('throws on text that is not in Node\'s form', () => {
    expect(() => parseSubjectAltName('no type here')).to.throw();
    expect(() => parseSubjectAltName('DNS:a,DNS:b')).to.throw(/comma/);
    expect(() => parseSubjectAltName('DNS:"unterminated')).to.throw(/unterminated/);
    expect(() => parseSubjectAltName('DNS:"a"x')).to.throw(/expected ", "/);
  });
});
