import { expect } from 'chai';
import { parseKernelConfig, StartupError, StartupErrorCode } from '@sts/core';
import { demoConfig } from '../helpers/start-test-sts.js';

const FILE = '/etc/sts/sts.config.json';

function refusal(raw: unknown, env: NodeJS.ProcessEnv = {}): StartupError {
  try {
    parseKernelConfig(raw, FILE, env);
  } catch (error) {
    expect(error).to.be.instanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error('expected the config to be refused');
}

describe('kernel config', () => {
  it('accepts the demo profile, applies defaults and freezes the result', () => {
    const config = parseKernelConfig(demoConfig(), FILE);
    expect(config.security.timestamp).to.deep.equal({ required: true, maxAgeSeconds: 300, futureSkewSeconds: 60, requireExpires: true, maxValiditySeconds: 600, maxFractionalDigits: 7 });
    expect(config.server.limits).to.deep.equal({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 512, maxConnectionsPerClient: 64, maxRequestsPerSocket: 1_000 });
    expect(config.limits.maxRequestBytes).to.equal(262_144);
    expect(config.spConnections[0]!.nameId.format).to.equal('urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified');
    expect(Object.isFrozen(config.spConnections[0]!.partnerServiceIds)).to.equal(true);
    expect(() => ((config as any).issuer.entityId = 'x')).to.throw(TypeError);
  });

  it('lets STS_PORT override the port', () => {
    expect(parseKernelConfig(demoConfig(), FILE, { STS_PORT: '9999' }).server.port).to.equal(9999);
    expect(refusal(demoConfig(), { STS_PORT: 'abc' }).message).to.match(/STS_PORT/);
  });

  const cases: { name: string; change: (c: any) => void; says: RegExp }[] = [
    { name: 'an unknown top-level key', change: (c) => (c.sever = {}), says: /\/: must NOT have additional properties 'sever'/ },
    { name: 'an unknown key in a connection', change: (c) => (c.spConnections[0].lifetme = {}), says: /\/spConnections\/0: must NOT have additional properties 'lifetme'/ },
    { name: 'a wrong type', change: (c) => (c.server.port = 'http'), says: /\/server\/port: must be integer/ },
    { name: 'a missing issuer', change: (c) => delete c.issuer, says: /must have required property 'issuer'/ },
    { name: 'a lifetime over 8 hours', change: (c) => (c.spConnections[0].lifetime = { minutesBefore: 60, minutesAfter: 480 }), says: /\/spConnections\/0\/lifetime: more than 8 hours/ },
    { name: 'a base-url partner id that is not a URL ending in /', change: (c) => (c.spConnections[0].partnerServiceIds[1].id = 'https://sp.example.com'), says: /\/spConnections\/0\/partnerServiceIds\/1: a base-url id must be an http\(s\) URL ending in \// },
    { name: 'one partner id on two connections', change: (c) => c.spConnections.splice(1, 0, { ...c.spConnections[0], id: 'other' }), says: /\/spConnections\/1\/partnerServiceIds\/0: urn:example:sp already selects connection demo-sp/ },
    { name: 'two connections with one id', change: (c) => c.spConnections.splice(1, 0, { ...c.spConnections[0], partnerServiceIds: [{ id: 'urn:x' }] }), says: /\/spConnections\/1\/id: duplicate id demo-sp/ },
    { name: 'a request timeout shorter than the head timeout', change: (c) => (c.server.limits = { headersTimeoutMs: 5000, requestTimeoutMs: 4000 }), says: /\/server\/limits\/requestTimeoutMs: less than headersTimeoutMs/ },
    { name: 'a connection cap of 0', change: (c) => (c.server.limits = { maxConnectionsPerClient: 0 }), says: /\/server\/limits\/maxConnectionsPerClient: must be >= 1/ },
    { name: 'an attribute source of an unknown type', change: (c) => (c.spConnections[0].attributeContract[0].source = { type: 'ldap' }), says: /\/spConnections\/0\/attributeContract\/0\/source/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}, naming the file and the JSON path`, () => {
      const raw = demoConfig();
      c.change(raw);
      const error = refusal(raw);
      expect(error.code).to.equal(StartupErrorCode.CONFIG_INVALID);
      expect(error.message).to.include(FILE);
      expect(error.message).to.match(c.says);
    });
  }
});
