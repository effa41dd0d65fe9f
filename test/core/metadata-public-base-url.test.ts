import { expect } from 'chai';
import { parseKernelConfig, resolvePublicBaseUrl, StartupError } from '@sts/core';
import { demoConfig } from '../helpers/start-test-sts.js';

const FILE = '/etc/sts/sts.config.json';
const server = (s: Record<string, unknown>) => parseKernelConfig({ ...demoConfig(), server: s }, FILE, {}).server;

describe('server.publicBaseUrl (where WSDL and MEX say the endpoints are)', () => {
  it('is taken as configured', () => {
    expect(resolvePublicBaseUrl(server({ publicBaseUrl: 'https://sts.example.com', tls: { port: 9443 } }))).to.deep.equal({ url: 'https://sts.example.com', source: 'server.publicBaseUrl' });
  });

  it('defaults to the first https public origin, so that the addresses are ones wsa:To accepts', () => {
    expect(resolvePublicBaseUrl(server({ publicOrigins: ['http://a.example', 'https://b.example'], tls: { port: 9443 } })).url).to.equal('https://b.example');
    expect(resolvePublicBaseUrl(server({ publicOrigins: ['http://a.example'] })).url).to.equal('http://a.example');
  });

  it('else defaults to the HTTPS listener (localhost on a loopback address), else the HTTP listener', () => {
    expect(resolvePublicBaseUrl(server({ port: 9031, tls: { port: 9443 } }))).to.deep.equal({ url: 'https://localhost:9443', source: 'the HTTPS listener' });
    expect(resolvePublicBaseUrl(server({ host: 'sts.internal', tls: { port: 8443 } })).url).to.equal('https://sts.internal:8443');
    expect(resolvePublicBaseUrl(server({ port: 9031 }))).to.deep.equal({ url: 'http://localhost:9031', source: 'the HTTP listener' });
  });

  for (const bad of ['https://sts.example.com/', 'https://sts.example.com/base', 'sts.example.com', 'ftp://sts.example.com', 'https://sts.example.com?x=1']) {
    it(`refuses ${JSON.stringify(bad)} at startup (an origin only: the paths are PingFederate's)`, () => {
      expect(() => server({ publicBaseUrl: bad })).to.throw(StartupError, /publicBaseUrl/);
    });
  }
});
