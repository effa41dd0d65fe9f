/**
 * The JWKS route has its own error boundary (issue 9): an error there is a bare JSON 500, never a SOAP
 * fault and never a stack trace, and the detail goes to the log.
 */
import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { RecordingLogger } from '@sts/sdk/testing';
import { jsonErrorBoundary } from '@sts/core';

describe('JSON error boundary (JWKS route)', () => {
  it('answers an error with a JSON 500 that carries no stack and no message, and logs the reason', async () => {
    const logger = new RecordingLogger();
    const app = new Koa();
    app.silent = true;
    app.use(jsonErrorBoundary(logger) as never);
    app.use(() => {
      throw new Error('secret detail at /work/core/dist/x.js:1');
    });
    const server = createServer(app.callback());
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`);
      const body = await res.text();
      expect(res.status).to.equal(500);
      expect(res.headers.get('content-type')).to.match(/^application\/json/);
      expect(JSON.parse(body)).to.deep.equal({ error: 'server_error' });
      expect(body).to.not.match(/secret|Envelope|\.js:\d/);
      const logged = logger.records.find((r) => (r.fields as { event?: string }).event === 'request.refused');
      expect((logged?.fields as { reason?: string }).reason).to.equal('secret detail at /work/core/dist/x.js:1');
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
