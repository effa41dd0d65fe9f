/**
 * Readiness consults every processor's optional `ready()` hook (SDK TokenProcessor): false, a throw and no
 * answer within the kernel's deadline all make the STS not ready, naming the instance; no hook is ready.
 */
import { join } from 'node:path';
import { expect } from 'chai';
import { FIXTURES } from '../helpers/paths.js';
import { demoInstances, startTestSts } from '../helpers/start-test-sts.js';

async function readinessWith(ready: string) {
  const instance = { id: 'health', package: join(FIXTURES, 'plugins', 'health-hook-processor'), enabled: true, config: { ready } };
  const t = await startTestSts({ instances: [...demoInstances(), instance] });
  try {
    const started = Date.now();
    const readiness = await t.sts.readiness();
    return { readiness, ms: Date.now() - started };
  } finally {
    await t.close();
  }
}

describe('e2e readiness: the processors\' ready() hook', () => {
  for (const ready of ['ready', 'none']) {
    it(`is ready when the hook answers true, or there is none (${ready})`, async () => {
      const { readiness } = await readinessWith(ready);
      expect(readiness).to.deep.equal({ ready: true, checks: { plugins: true, keys: true, stateBackend: true, processors: true } });
    });
  }

  for (const ready of ['not-ready', 'throws']) {
    it(`is not ready, naming the instance, when the hook ${ready === 'throws' ? 'throws' : 'answers false'}`, async () => {
      const { readiness } = await readinessWith(ready);
      expect(readiness).to.deep.equal({ ready: false, checks: { plugins: true, keys: true, stateBackend: true, processors: false }, reason: 'processor not ready: health' });
    });
  }

  it('is not ready when the hook does not answer within 2 s, and answers within that bound', async () => {
    const { readiness, ms } = await readinessWith('hangs');
    expect(readiness.ready).to.equal(false);
    expect(readiness.reason).to.equal('processor not ready: health');
    expect(ms).to.be.within(1900, 4000);
  });
});
