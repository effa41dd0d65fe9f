/**
 * The RST schema check remembers RSTs that passed (core/src/ws-trust/rst-schemas.ts): the same RST is not
 * validated again, anything else is (another value, or the same text under other namespace bindings), and a
 * refusal is never remembered.
 */
import { expect } from 'chai';
import { validateRst } from '@sts/core';
import { InvalidRequestError } from '@sts/sdk';
import { NS, XsdSchema, parseStrictXml, type XmlDomElement } from '@sts/sdk/xml';

const rst = (keySize: string, appliesTo = 'urn:example:rst-memo') =>
  parseStrictXml(
    `<wst:RequestSecurityToken xmlns:wst="${NS.wst13}" xmlns:wsp="http://www.w3.org/ns/ws-policy" xmlns:wsa="http://www.w3.org/2005/08/addressing">` +
      `<wst:RequestType>${NS.wst13}/Issue</wst:RequestType><wst:KeySize>${keySize}</wst:KeySize>` +
      `<wsp:AppliesTo><wsa:EndpointReference><wsa:Address>${appliesTo}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>` +
      `</wst:RequestSecurityToken>`,
  ).root()!;

/** An RST whose declarations all sit on a parent, so its own serialization names `x:` without binding it. */
const rstUnder = (xNamespace: string, appliesTo: string) =>
  (parseStrictXml(
    `<p:Body xmlns:p="urn:example:parent" xmlns:wst="${NS.wst13}" xmlns:x="${xNamespace}" xmlns:wsp="http://www.w3.org/ns/ws-policy" xmlns:wsa="http://www.w3.org/2005/08/addressing">` +
      `<wst:RequestSecurityToken><wst:RequestType>${NS.wst13}/Issue</wst:RequestType><x:PolicyReference URI="${appliesTo}"/></wst:RequestSecurityToken></p:Body>`,
  ).root()!.child(0) as XmlDomElement);

describe('validateRst: RSTs that passed are remembered by their serialization and the bindings in scope', () => {
  let validations = 0;
  const original = XsdSchema.prototype.problems;
  beforeEach(() => {
    validations = 0;
    XsdSchema.prototype.problems = function (this: XsdSchema, ...args: Parameters<typeof original>) {
      validations += 1;
      return original.apply(this, args);
    };
  });
  afterEach(() => {
    XsdSchema.prototype.problems = original;
  });

  it('validates a text once: the same RST again passes without a second validation', () => {
    const appliesTo = `urn:example:${Math.random()}`;
    validateRst(rst('256', appliesTo));
    validateRst(rst('256', appliesTo));
    expect(validations).to.equal(1);
    validateRst(rst('512', appliesTo));
    expect(validations).to.equal(2);
  });

  it('refuses an RST that differs from a remembered one in one value', () => {
    const appliesTo = `urn:example:${Math.random()}`;
    validateRst(rst('256', appliesTo));
    expect(() => validateRst(rst('big', appliesTo))).to.throw(InvalidRequestError, /does not match the schema/);
  });

  it('the same serialization under another namespace binding is validated again, and refused when it does not match', () => {
    const appliesTo = `urn:example:${Math.random()}`;
    const allowed = rstUnder(NS.wsp15, appliesTo);
    const foreign = rstUnder('urn:example:not-allowed-in-an-rst', appliesTo);
    expect(foreign.toString()).to.equal(allowed.toString());
    validateRst(allowed);
    expect(() => validateRst(foreign)).to.throw(InvalidRequestError, /does not match the schema/);
    expect(validations).to.equal(2);
  });

  it('never remembers a refusal: the same bad RST is validated, and refused, every time', () => {
    const appliesTo = `urn:example:${Math.random()}`;
    expect(() => validateRst(rst('big', appliesTo))).to.throw(InvalidRequestError);
    expect(() => validateRst(rst('big', appliesTo))).to.throw(InvalidRequestError);
    expect(validations).to.equal(2);
  });
});
