import { expect } from 'chai';
import { createFixture, removeFixtures } from './helpers/processor-fixture.js';
import { receivedToken } from './helpers/received-token.js';
import { signedRequest } from './helpers/signed-request.js';
import { testPki } from './helpers/test-pki.js';

describe('smoke', () => {
  afterEach(removeFixtures);
  it('accepts', async () => {
    const pki = await testPki();
    const f = await createFixture();
    const xml = signedRequest({ certificate: pki.client.der, signingKey: pki.client.privateKey });
    console.log(xml);
    const result = await f.processor.process(receivedToken(xml));
    console.log(result);
    expect(result.subject).to.be.a('string');
  });
});
