import { expect } from 'chai';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import libxmljs from 'libxmljs2';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StsClient, StsClientError, type StsClientErrorCode, type StsIssueRequest, type StsIssueResult } from '@sts/sdk/client';
import { NS, verifyMessageSignature } from '@sts/sdk/xml';
import { REPO_ROOT } from '../../helpers/paths.js';
import { FAULT_SOAP11, FAULT_SOAP12, RSTR_2005_SOAP11, RSTRC_13_SOAP12, SAML2_ASSERTION } from './issue-replies.js';
import { EXCHANGED_13_SOAP12, INVALID_STATUS_2005_SOAP11, VALID_STATUS_13_SOAP12 } from './validate-replies.js';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A one-route STS stand-in on 127.0.0.1: records each request and answers with `reply`. */
class CannedSts {
  readonly received: Received[] = [];
  reply: (res: ServerResponse) => void = (res) => res.end();
  #server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      this.reply(res);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/sts`;
  }

  answer(status: number, contentType: string, body: string): void {
    this.reply = (res) => res.writeHead(status, { 'content-type': contentType }).end(body);
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

async function rejection(promise: Promise<unknown>): Promise<StsClientError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(StsClientError);
    return error as StsClientError;
  }
  expect.fail('the call resolved');
}

async function expectRejected(promise: Promise<unknown>, code: StsClientErrorCode, httpStatus?: number): Promise<void> {
  const error = await rejection(promise);
  expect(error.code, error.message).to.equal(code);
  expect(error.httpStatus).to.equal(httpStatus);
}

const DEMO_X509 = {
  certificatePem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client.pem'), 'utf8'),
  privateKeyPem: readFileSync(join(REPO_ROOT, 'demo', 'x509', 'demo-client-key.pem'), 'utf8'),
};
const REQUEST = { appliesTo: 'urn:federation:MicrosoftOnline', username: 'joe', password: 's3cret' } as const;
const ACTION_13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue';

describe('StsClient', () => {
  let sts: CannedSts;
  let endpoint: string;

  beforeEach(async () => {
    sts = new CannedSts();
    endpoint = await sts.start();
  });
  afterEach(() => sts.stop());

  it('POSTs a SOAP 1.2 request with the action in the content type and no SOAPAction header', async () => {
    sts.answer(200, 'application/soap+xml; charset=utf-8', RSTRC_13_SOAP12);
    await new StsClient({ endpoint }).issue(REQUEST);
    const [request] = sts.received;
    expect(request?.method).to.equal('POST');
    expect(request?.url).to.equal('/sts');
    expect(request?.headers['content-type']).to.equal(`application/soap+xml; charset=utf-8; action="${ACTION_13}"`);
    expect(request?.headers).to.not.have.property('soapaction');
  });

  it('POSTs a SOAP 1.1 request as text/xml with a quoted SOAPAction header', async () => {
    sts.answer(200, 'text/xml; charset=utf-8', RSTR_2005_SOAP11);
    await new StsClient({ endpoint, soapVersion: '1.1', trustVersion: '2005' }).issue(REQUEST);
    const headers = sts.received[0]?.headers;
    expect(headers?.['content-type']).to.equal('text/xml; charset=utf-8');
    expect(headers?.['soapaction']).to.equal('"http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Issue"');
  });

  it('sends the built envelope: the endpoint as wsa:To, the UsernameToken and the RST', async () => {
    sts.answer(200, 'application/soap+xml', RSTRC_13_SOAP12);
    await new StsClient({ endpoint, now: () => new Date('2026-11-28T06:00:00Z') }).issue({
      ...REQUEST,
      passwordType: 'text-no-type',
      tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion',
    });
    const doc = libxmljs.parseXml(sts.received[0]?.body ?? '');
    const ns = { s: NS.soap12, wsa: NS.wsa, wsse: NS.wsse, wsu: NS.wsu, wst: NS.wst13 };
    const text = (xpath: string) => doc.get<libxmljs.Element>(xpath, ns)?.text();
    expect(text('/s:Envelope/s:Header/wsa:To')).to.equal(endpoint);
    expect(text('//wsse:UsernameToken/wsse:Username')).to.equal('joe');
    expect(text('//wsse:UsernameToken/wsse:Password')).to.equal('s3cret');
    expect(doc.find('//wsse:Password/@Type', ns)).to.have.length(0);
    expect(text('//wsu:Timestamp/wsu:Created')).to.equal('2026-11-28T06:00:00.000Z');
    expect(text('/s:Envelope/s:Body/wst:RequestSecurityToken/wst:TokenType')).to.equal('urn:oasis:names:tc:SAML:2.0:assertion');
  });

  it('signs the request with the x509 credential: a BinarySecurityToken and a signature that verifies with the certificate', async () => {
    sts.answer(200, 'application/soap+xml', RSTRC_13_SOAP12);
    const reply = await new StsClient({ endpoint }).issue({ appliesTo: 'urn:example:sp', x509: DEMO_X509 });
    expect(reply.ok).to.equal(true);
    const body = sts.received[0]?.body ?? '';
    expect(body).to.include('<wsse:BinarySecurityToken ').and.not.include('UsernameToken');
    const verified = verifyMessageSignature(body, { soapVersion: '1.2', resolveKey: () => new X509Certificate(DEMO_X509.certificatePem).publicKey });
    expect(verified.signedParts).to.deep.equal(['Body', 'Timestamp', 'To', 'Action']);
  });

  it('rejects with a TypeError, sending nothing, when the x509 key is not the certificate\'s or a password comes along', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const client = new StsClient({ endpoint });
    for (const request of [
      { appliesTo: 'urn:example:sp', x509: { ...DEMO_X509, privateKeyPem: otherKey } },
      { appliesTo: 'urn:example:sp', x509: DEMO_X509, username: 'joe', password: 'pw' } as unknown as StsIssueRequest,
    ]) {
      const error = await client.issue(request).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError);
    }
    expect(sts.received).to.have.length(0);
  });

  it('sends no UsernameToken when no username is given', async () => {
    sts.answer(200, 'application/soap+xml', RSTRC_13_SOAP12);
    await new StsClient({ endpoint }).issue({ appliesTo: 'urn:rp' });
    expect(sts.received[0]?.body).to.not.include('UsernameToken');
  });

  it('resolves to the parsed token and the HTTP status', async () => {
    sts.answer(200, 'application/soap+xml', RSTRC_13_SOAP12);
    const reply: StsIssueResult = await new StsClient({ endpoint }).issue(REQUEST);
    expect(reply.httpStatus).to.equal(200);
    expect(reply.ok).to.equal(true);
    if (reply.ok) expect(reply.token).to.equal(SAML2_ASSERTION);
  });

  it('resolves to the fault of a SOAP 1.2 fault sent with HTTP 500', async () => {
    sts.answer(500, 'application/soap+xml', FAULT_SOAP12);
    const reply = await new StsClient({ endpoint }).issue(REQUEST);
    expect(reply).to.deep.equal({
      ok: false,
      soapVersion: '1.2',
      httpStatus: 500,
      fault: { code: 'Sender', subcode: { namespaceUri: NS.wst13, localName: 'FailedAuthentication' }, reason: 'Authentication failed' },
    });
  });

  it('resolves to the fault of a SOAP 1.1 fault sent with HTTP 413', async () => {
    sts.answer(413, 'text/xml', FAULT_SOAP11);
    const reply = await new StsClient({ endpoint, soapVersion: '1.1' }).issue(REQUEST);
    expect(reply.httpStatus).to.equal(413);
    expect(reply.ok).to.equal(false);
    if (!reply.ok) expect(reply.fault.subcode?.localName).to.equal('FailedAuthentication');
  });

  it('rejects with http-error for an error status without a SOAP fault', async () => {
    sts.answer(503, 'text/html', '<html><body>Service Unavailable</body></html>');
    await expectRejected(new StsClient({ endpoint }).issue(REQUEST), 'http-error', 503);
  });

  it('rejects with http-error for a token reply that came with an error status', async () => {
    sts.answer(500, 'application/soap+xml', RSTRC_13_SOAP12);
    await expectRejected(new StsClient({ endpoint }).issue(REQUEST), 'http-error', 500);
  });

  it('rejects with malformed-response for a 200 reply that is not XML', async () => {
    sts.answer(200, 'application/soap+xml', 'not xml');
    await expectRejected(new StsClient({ endpoint }).issue(REQUEST), 'malformed-response', 200);
  });

  it('rejects with malformed-response for a reply that is not UTF-8', async () => {
    sts.reply = (res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(Buffer.from([0x3c, 0x61, 0xff, 0x2f, 0x3e]));
    await expectRejected(new StsClient({ endpoint }).issue(REQUEST), 'malformed-response', 200);
  });

  it('rejects with unexpected-response for a 200 reply that is XML but no RSTR', async () => {
    sts.answer(200, 'application/soap+xml', `<s:Envelope xmlns:s="${NS.soap12}"><s:Body/></s:Envelope>`);
    await expectRejected(new StsClient({ endpoint }).issue(REQUEST), 'unexpected-response', 200);
  });

  it('does not follow a redirect', async () => {
    sts.reply = (res) => res.writeHead(307, { location: '/elsewhere' }).end();
    await expectRejected(new StsClient({ endpoint }).issue(REQUEST), 'http-error', 307);
    expect(sts.received.map((r) => r.url)).to.deep.equal(['/sts']);
  });

  it('rejects with timeout when no reply comes in time', async () => {
    sts.reply = () => undefined;
    await expectRejected(new StsClient({ endpoint, timeoutMs: 100 }).issue(REQUEST), 'timeout');
  });

  it('rejects with timeout when the reply body stalls', async () => {
    sts.reply = (res) => {
      res.writeHead(200, { 'content-type': 'application/soap+xml' });
      res.write('<s:Envelope');
    };
    await expectRejected(new StsClient({ endpoint, timeoutMs: 200 }).issue(REQUEST), 'timeout');
  });

  it('rejects with response-too-large for a body over the cap, declared or streamed', async () => {
    sts.answer(200, 'application/soap+xml', RSTRC_13_SOAP12);
    await expectRejected(new StsClient({ endpoint, maxResponseBytes: 100 }).issue(REQUEST), 'response-too-large', 200);
    sts.reply = (res) => {
      res.writeHead(200, { 'content-type': 'application/soap+xml' });
      res.end(RSTRC_13_SOAP12); // chunked: no content-length
    };
    await expectRejected(new StsClient({ endpoint, maxResponseBytes: 100 }).issue(REQUEST), 'response-too-large', 200);
  });

  it('rejects with network when nothing listens', async () => {
    await sts.stop();
    await expectRejected(new StsClient({ endpoint }).issue(REQUEST), 'network');
    sts = new CannedSts();
    await sts.start();
  });

  it('uses the fetch it is given', async () => {
    const calls: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(FAULT_SOAP12, { status: 500, headers: { 'content-type': 'application/soap+xml' } });
    };
    const reply = await new StsClient({ endpoint: 'https://sts.example.com/sts', fetch: fetchStub }).issue(REQUEST);
    expect(calls).to.deep.equal(['https://sts.example.com/sts']);
    expect(reply.ok).to.equal(false);
  });

  it('refuses plain http to a host that is not loopback unless allowed', () => {
    expect(() => new StsClient({ endpoint: 'http://sts.example.com/sts' })).to.throw(TypeError, /plain http/);
    expect(() => new StsClient({ endpoint: 'http://sts.example.com/sts', allowInsecureHttp: true })).to.not.throw();
    for (const loopback of ['http://localhost:1/sts', 'http://127.0.0.1:1/sts', 'http://[::1]:1/sts']) {
      expect(() => new StsClient({ endpoint: loopback }), loopback).to.not.throw();
    }
    expect(() => new StsClient({ endpoint: 'ftp://sts.example.com/sts' })).to.throw(TypeError, /http/);
    expect(() => new StsClient({ endpoint, timeoutMs: 0 })).to.throw(TypeError, /timeoutMs/);
  });
});

describe('StsClient.validate', () => {
  let sts: CannedSts;
  let endpoint: string;

  beforeEach(async () => {
    sts = new CannedSts();
    endpoint = await sts.start();
  });
  afterEach(() => sts.stop());

  const VALIDATE_13 = 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Validate';

  it('POSTs a SOAP 1.2 Validate request with the action in the content type, the target and no credential', async () => {
    sts.answer(200, 'application/soap+xml', VALID_STATUS_13_SOAP12);
    await new StsClient({ endpoint }).validate({ target: SAML2_ASSERTION });
    const [request] = sts.received;
    expect(request?.headers['content-type']).to.equal(`application/soap+xml; charset=utf-8; action="${VALIDATE_13}"`);
    expect(request?.headers).to.not.have.property('soapaction');
    expect(request?.body).to.include(`<wst:ValidateTarget>${SAML2_ASSERTION}</wst:ValidateTarget>`);
    expect(request?.body).to.include('<wsu:Timestamp');
    expect(request?.body).to.not.include('UsernameToken');
  });

  it('signs a Validate request with the caller\'s x509 credential', async () => {
    sts.answer(200, 'text/xml', INVALID_STATUS_2005_SOAP11);
    await new StsClient({ endpoint, soapVersion: '1.1', trustVersion: '2005' }).validate({ target: SAML2_ASSERTION, x509: DEMO_X509 });
    const body = sts.received[0]?.body ?? '';
    expect(body).to.include(`<wst:ValidateTarget>${SAML2_ASSERTION}</wst:ValidateTarget>`);
    const verified = verifyMessageSignature(body, { soapVersion: '1.1', resolveKey: () => new X509Certificate(DEMO_X509.certificatePem).publicKey });
    expect(verified.signedParts).to.include('Body');
  });

  it('POSTs a SOAP 1.1 WS-Trust 2005 Validate request with its SOAPAction and the caller credential', async () => {
    sts.answer(200, 'text/xml', INVALID_STATUS_2005_SOAP11);
    await new StsClient({ endpoint, soapVersion: '1.1', trustVersion: '2005' }).validate({ target: SAML2_ASSERTION, username: 'svc', password: 'pw' });
    const [request] = sts.received;
    expect(request?.headers['soapaction']).to.equal('"http://schemas.xmlsoap.org/ws/2005/02/trust/RST/Validate"');
    expect(request?.body).to.include('<wsse:Username>svc</wsse:Username>');
  });

  it('resolves to a valid status and the HTTP status', async () => {
    sts.answer(200, 'application/soap+xml', VALID_STATUS_13_SOAP12);
    const reply = await new StsClient({ endpoint }).validate({ target: SAML2_ASSERTION });
    expect(reply).to.deep.equal({
      ok: true,
      soapVersion: '1.2',
      trustNamespace: NS.wst13,
      status: { valid: true, code: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/status/valid' },
      httpStatus: 200,
    });
  });

  it('resolves to an invalid status as an answer, not an error', async () => {
    sts.answer(200, 'text/xml', INVALID_STATUS_2005_SOAP11);
    const reply = await new StsClient({ endpoint, soapVersion: '1.1', trustVersion: '2005' }).validate({ target: SAML2_ASSERTION });
    expect(reply.ok && reply.status).to.deep.include({ valid: false, reason: 'Authentication failed' });
  });

  it('resolves to the exchanged token, sending the TokenType and AppliesTo', async () => {
    sts.answer(200, 'application/soap+xml', EXCHANGED_13_SOAP12);
    const reply = await new StsClient({ endpoint }).validate({ target: SAML2_ASSERTION, tokenType: 'urn:oasis:names:tc:SAML:2.0:assertion', appliesTo: 'urn:example:sp' });
    expect(reply.ok && reply.token?.token).to.equal(SAML2_ASSERTION);
    expect(sts.received[0]?.body).to.include('<wst:TokenType>urn:oasis:names:tc:SAML:2.0:assertion</wst:TokenType>');
    expect(sts.received[0]?.body).to.include('<wsa:Address>urn:example:sp</wsa:Address>');
  });

  it('resolves to the fault of a fault sent with HTTP 400', async () => {
    sts.answer(400, 'application/soap+xml', FAULT_SOAP12);
    const reply = await new StsClient({ endpoint }).validate({ target: SAML2_ASSERTION });
    expect(reply.httpStatus).to.equal(400);
    expect(!reply.ok && reply.fault.subcode?.localName).to.equal('FailedAuthentication');
  });

  it('rejects with http-error for a status reply that came with an error status', async () => {
    sts.answer(500, 'application/soap+xml', VALID_STATUS_13_SOAP12);
    await expectRejected(new StsClient({ endpoint }).validate({ target: SAML2_ASSERTION }), 'http-error', 500);
  });

  it('rejects with unexpected-response for an Issue reply without a Status', async () => {
    sts.answer(200, 'application/soap+xml', RSTRC_13_SOAP12);
    await expectRejected(new StsClient({ endpoint }).validate({ target: SAML2_ASSERTION }), 'unexpected-response', 200);
  });

  it('rejects with a TypeError, sending nothing, when the target is not one well-formed element', async () => {
    try {
      await new StsClient({ endpoint }).validate({ target: '<a/><b/>' });
      expect.fail('resolved');
    } catch (error) {
      expect(error).to.be.instanceOf(TypeError);
    }
    expect(sts.received).to.have.length(0);
  });
});
