import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenType } from '@sts/sdk';
import { StsClient } from '@sts/sdk/client';
import { REPO_ROOT } from '../helpers/paths.js';
import { manifestInstances, startTestSts, type TestSts } from '../helpers/start-test-sts.js';

/** The demo manifest with every @sts/<id> package listed as "./plugins/<id>", as the README offers. */
function demoManifestByPath(): { instances: Record<string, any>[] } {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'plugins.json'), 'utf8'));
  return { instances: manifest.instances.map((i: Record<string, any>) => ({ ...i, package: i['package'].replace(/^@sts\//, './plugins/') })) };
}

describe('e2e: plug-ins listed by "./path" in the demo manifest run in the test harness', () => {
  let t: TestSts;
  before(async () => {
    const manifest = demoManifestByPath();
    expect(manifest.instances.map((i) => i['package'])).to.include('./plugins/jwt-generator');
    t = await startTestSts({ instances: manifestInstances(manifest, REPO_ROOT) });
  });
  after(() => t.close());

  it('resolves "./plugins/..." against the folder of the manifest it came from, not the harness\'s temp copy', async () => {
    const client = new StsClient({ endpoint: t.endpoint, now: () => t.clock.now() });
    for (const tokenType of [TokenType.Saml20, TokenType.Jwt]) {
      const r = await client.issue({ appliesTo: 'urn:example:sp', username: 'joe', password: '2Federate', tokenType });
      if (!r.ok) throw new Error(JSON.stringify(r.fault));
      expect(r.tokenType).to.equal(tokenType);
    }
  });
});
