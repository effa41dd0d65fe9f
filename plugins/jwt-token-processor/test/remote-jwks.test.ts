import { expect } from 'chai';
import {
  JWKS_URL,
  URL_ISSUER,
  createProcessor,
  expectRefused,
  publicJwk,
  removeFixtures,
  testKeys,
  type Fixture,
  type TestKeys,
} from './helpers/processor-fixture.js';
import { receivedToken, signJwt } from './helpers/tokens.js';
import { COOLDOWN_SECONDS, MAX_JWKS_BYTES, type FetchFunction } from '../src/remote-jwks.js';

/** A fetch that records its calls and answers with whatever `respond` returns at the time. */
function fakeFetch(respond: () => Response | Promise<Response>): { fetch: FetchFunction; calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, init });
      return respond();
    },
  };
}

const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('jwt-token-processor with a jwksUrl', () => {
  let k: TestKeys;
  let jwks: Record<string, unknown>;

  before(async () => {
    k = await testKeys();
  });
  beforeEach(() => {
    jwks = { keys: [publicJwk(k.rsa, { kid: 'rsa-1', use: 'sig', alg: 'RS256' })] };
  });
  after(removeFixtures);

  const config = { issuers: [{ issuer: URL_ISSUER, jwksUrl: JWKS_URL, algorithms: ['RS256'], jwksCacheSeconds: 300 }] };
  const token = (header: Record<string, unknown> = {}, key = k.rsa.privateKey) => signJwt(key, { iss: URL_ISSUER }, header);
  const accept = async (f: Fixture, jwt: string) => (await f.processor.process(receivedToken(jwt))).subject;

  it('does not fetch at start, fetches the configured URL on the first token, and accepts it', async () => {
    const remote = fakeFetch(() => json(jwks));
    const f = await createProcessor(config, remote.fetch);
    expect(remote.calls).to.have.length(0);
    expect(await accept(f, await token())).to.equal('joe');
    expect(remote.calls.map((c) => c.url)).to.deep.equal([JWKS_URL]);
  });

  it('fetches without following redirects and with a timeout signal', async () => {
    const remote = fakeFetch(() => json(jwks));
    const f = await createProcessor(config, remote.fetch);
    await accept(f, await token());
    expect(remote.calls[0]!.init.redirect).to.equal('error');
    expect(remote.calls[0]!.init.signal).to.be.instanceOf(AbortSignal);
  });

  it('uses the fetched keys for jwksCacheSeconds, then fetches again', async () => {
    const remote = fakeFetch(() => json(jwks));
    const f = await createProcessor(config, remote.fetch);
    await accept(f, await token());
    f.clock.advance(299);
    await accept(f, await token());
    expect(remote.calls).to.have.length(1);
    f.clock.advance(1);
    await accept(f, await token());
    expect(remote.calls).to.have.length(2);
  });

  it('fetches once for concurrent first tokens', async () => {
    const remote = fakeFetch(() => json(jwks));
    const f = await createProcessor(config, remote.fetch);
    const tokens = await Promise.all([token(), token(), token()]);
    await Promise.all(tokens.map((jwt) => accept(f, jwt)));
    expect(remote.calls).to.have.length(1);
  });

  it('never fetches the jku a token names', async () => {
    const remote = fakeFetch(() => json(jwks));
    const f = await createProcessor(config, remote.fetch);
    await expectRefused(f.processor.process(receivedToken(await token({ jku: 'https://evil.example.com/jwks.json' }))), /jku is refused/);
    expect(remote.calls).to.have.length(0);
  });

  it('fetches again for an unknown kid after the cooldown, and accepts a rotated key', async () => {
    const remote = fakeFetch(() => json(jwks));
    const f = await createProcessor(config, remote.fetch);
    await accept(f, await token());
    jwks = { keys: [...(jwks['keys'] as unknown[]), publicJwk(k.attacker, { kid: 'rsa-2' })] };
    const rotated = await token({ kid: 'rsa-2' }, k.attacker.privateKey);
    // Within the cooldown, the unknown kid does not cause a fetch.
    await expectRefused(f.processor.process(receivedToken(rotated)), /has no key with kid rsa-2/);
    expect(remote.calls).to.have.length(1);
    f.clock.advance(COOLDOWN_SECONDS);
    expect(await accept(f, rotated)).to.equal('joe');
    expect(remote.calls).to.have.length(2);
  });

  it('refuses a token it accepted before once the JWKS gives its kid another key (the kept verification is per key)', async () => {
    const remote = fakeFetch(() => json(jwks));
    const f = await createProcessor(config, remote.fetch);
    const jwt = await signJwt(k.rsa.privateKey, { iss: URL_ISSUER, jti: undefined });
    expect(await accept(f, jwt)).to.equal('joe');
    expect(await accept(f, jwt)).to.equal('joe');
    jwks = { keys: [publicJwk(k.attacker, { kid: 'rsa-1', use: 'sig', alg: 'RS256' })] };
    f.clock.advance(300);
    await expectRefused(f.processor.process(receivedToken(jwt)), /the JWT signature does not verify/);
    expect(remote.calls).to.have.length(2);
  });

  it('refuses tokens when the fetch fails, does not fetch again within the cooldown, and recovers after it', async () => {
    let fail = true;
    const remote = fakeFetch(() => (fail ? Promise.reject(new TypeError('fetch failed')) : json(jwks)));
    const f = await createProcessor(config, remote.fetch);
    await expectRefused(f.processor.process(receivedToken(await token())), /keys of issuer .* are unavailable: fetching JWKS .* failed: fetch failed/);
    await expectRefused(f.processor.process(receivedToken(await token())), /unavailable/);
    expect(remote.calls).to.have.length(1);
    expect(f.logger.records.some((r) => r.level === 'warn' && r.message === 'JWKS fetch failed')).to.equal(true);
    fail = false;
    f.clock.advance(COOLDOWN_SECONDS);
    expect(await accept(f, await token())).to.equal('joe');
    expect(remote.calls).to.have.length(2);
  });

  it('refuses tokens when the JWKS answers an HTTP error', async () => {
    const f = await createProcessor(config, fakeFetch(() => json({ error: 'x' }, 503)).fetch);
    await expectRefused(f.processor.process(receivedToken(await token())), /HTTP status 503/);
  });

  it('refuses tokens when the JWKS is larger than the cap', async () => {
    const big = JSON.stringify({ keys: [], padding: 'x'.repeat(MAX_JWKS_BYTES) });
    const f = await createProcessor(config, fakeFetch(() => new Response(big)).fetch);
    await expectRefused(f.processor.process(receivedToken(await token())), /more than 262144 bytes/);
  });

  it('refuses tokens when the JWKS holds private key material', async () => {
    const leaked = { keys: [{ ...k.rsa.privateKey.export({ format: 'jwk' }), kid: 'rsa-1' }] };
    const f = await createProcessor(config, fakeFetch(() => json(leaked)).fetch);
    await expectRefused(f.processor.process(receivedToken(await token())), /private or symmetric key material/);
  });

  it('refuses tokens when the JWKS has no usable key', async () => {
    const f = await createProcessor(config, fakeFetch(() => json({ keys: [publicJwk(k.ec, { kid: 'ec-1' })] })).fetch);
    await expectRefused(f.processor.process(receivedToken(await token())), /no usable key in the set/);
  });
});
