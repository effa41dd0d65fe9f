import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlugins, readManifest, PluginLoadError, StartupError, StartupErrorCode } from '@sts/core';
import { RecordingLogger, ManualClock } from '@sts/sdk/testing';
import { FIXTURES, tempDir } from '../helpers/paths.js';

const fixture = (name: string) => join(FIXTURES, 'plugins', name);

function manifestFile(instances: object[]): string {
  const file = join(tempDir('manifest'), 'plugins.json');
  writeFileSync(file, JSON.stringify({ instances }));
  return file;
}

async function load(instances: object[], createTimeoutMs?: number) {
  const clock = new ManualClock();
  return loadPlugins(readManifest(manifestFile(instances)), {
    logger: new RecordingLogger(),
    resolveService: (id) => (id === 'core.clock' ? clock : undefined),
    ...(createTimeoutMs === undefined ? {} : { createTimeoutMs }),
  });
}

async function loadError(instances: object[], createTimeoutMs?: number): Promise<PluginLoadError> {
  try {
    await load(instances, createTimeoutMs);
  } catch (error) {
    expect(error).to.be.instanceOf(PluginLoadError);
    return error as PluginLoadError;
  }
  throw new Error('expected the loader to refuse');
}

describe('plug-in loader', () => {
  it('loads a plug-in package that lives outside core/ and plugins/, by path, with its config defaults applied', async () => {
    const registry = await load([{ id: 'echo', package: fixture('echo-generator') }]);
    const generator = registry.generatorFor('urn:example:token:echo');
    expect(generator?.id).to.equal('echo');
    expect(registry.summary()).to.deep.include({ id: 'echo', package: fixture('echo-generator'), kind: 'token-generator', tokenTypes: ['urn:example:token:echo'], enabled: true });
  });

  it('does not load a disabled instance, and lists it as disabled', async () => {
    const registry = await load([{ id: 'echo', package: fixture('echo-generator'), enabled: false }]);
    expect(registry.generatorFor('urn:example:token:echo')).to.equal(undefined);
    expect(registry.knows('echo')).to.equal(true);
    expect(registry.summary()[0]).to.include({ id: 'echo', enabled: false });
  });

  it('knows what a disabled instance would handle without creating it, so that requests needing it are refused by name', async () => {
    const registry = await load([{ id: 'echo', package: fixture('echo-generator'), enabled: false }]);
    expect(registry.disabledFor('token-generator', 'urn:example:token:echo')?.id).to.equal('echo');
    expect(registry.disabledFor('token-processor', 'urn:example:token:echo')).to.equal(undefined);
  });

  for (const [name, pkg] of [['is not installed', '@sts/no-such-plugin'], ['throws in create', fixture('throws-in-create')], ['is not a plug-in', fixture('not-a-plugin')]] as const) {
    it(`starts with a disabled instance whose package ${name}, listing it as disabled`, async () => {
      const registry = await load([{ id: 'off', package: pkg, enabled: false }]);
      expect(registry.summary()[0]).to.include({ id: 'off', enabled: false });
      expect(registry.disabledProcessors()).to.deep.equal([]);
    });
  }

  const failures: { name: string; instances: object[]; code: string; phase: string; says: RegExp; timeout?: number }[] = [
    { name: 'a package that is not installed', instances: [{ id: 'x', package: '@sts/no-such-plugin' }], code: StartupErrorCode.PLUGIN_NOT_FOUND, phase: 'resolve', says: /not installed/ },
    { name: 'a package without an "sts" declaration', instances: [{ id: 'x', package: fixture('no-sts-field') }], code: StartupErrorCode.PLUGIN_NOT_A_PLUGIN, phase: 'resolve', says: /"sts"/ },
    { name: 'a package whose default export is not a plug-in', instances: [{ id: 'x', package: fixture('not-a-plugin') }], code: StartupErrorCode.PLUGIN_NOT_A_PLUGIN, phase: 'verify', says: /defineTokenProcessor or defineTokenGenerator/ },
    { name: 'a package whose kind disagrees with its export', instances: [{ id: 'x', package: fixture('wrong-kind') }], code: StartupErrorCode.PLUGIN_INCOMPATIBLE, phase: 'verify', says: /token-processor but the default export is a token-generator/ },
    { name: 'a package for another plug-in API version', instances: [{ id: 'x', package: fixture('api-version-2') }], code: StartupErrorCode.PLUGIN_INCOMPATIBLE, phase: 'resolve', says: /API version 2/ },
    { name: 'a package whose own dependency is missing', instances: [{ id: 'x', package: fixture('missing-dependency') }], code: StartupErrorCode.PLUGIN_DEPENDENCY_MISSING, phase: 'import', says: /sts-fixture-package-that-does-not-exist/ },
    { name: 'an instance config with an unknown key', instances: [{ id: 'echo', package: fixture('echo-generator'), config: { prefx: 'x' } }], code: StartupErrorCode.PLUGIN_CONFIG_INVALID, phase: 'configure', says: /\/instances\/0\/config: must NOT have additional properties 'prefx'/ },
    { name: 'an instance config with a wrong type', instances: [{ id: 'echo', package: fixture('echo-generator'), config: { prefix: 7 } }], code: StartupErrorCode.PLUGIN_CONFIG_INVALID, phase: 'configure', says: /\/instances\/0\/config\/prefix: must be string/ },
    { name: 'a create() that throws', instances: [{ id: 'x', package: fixture('throws-in-create') }], code: StartupErrorCode.PLUGIN_CREATE_FAILED, phase: 'create', says: /cannot reach the token vault/ },
    { name: 'a create() that never finishes', instances: [{ id: 'x', package: fixture('hangs-in-create') }], code: StartupErrorCode.PLUGIN_TIMEOUT, phase: 'create', says: /did not finish within 200 ms/, timeout: 200 },
    { name: 'deps naming a service the kernel does not have', instances: [{ id: 'x', package: fixture('unknown-service') }], code: StartupErrorCode.PLUGIN_CREATE_FAILED, phase: 'create', says: /vendor\.vault/ },
    {
      name: 'two enabled instances claiming one token type',
      instances: [{ id: 'echo-a', package: fixture('echo-generator') }, { id: 'echo-b', package: fixture('echo-generator') }],
      code: StartupErrorCode.PLUGIN_DUPLICATE_TOKEN_TYPE, phase: 'register', says: /urn:example:token:echo is claimed by generator instances 'echo-a' and 'echo-b'/,
    },
  ];
  for (const f of failures) {
    it(`refuses to start on ${f.name}, naming the file, the instance and the phase`, async () => {
      const error = await loadError(f.instances, f.timeout);
      expect(error.code).to.equal(f.code);
      expect(error.phase).to.equal(f.phase);
      expect(error.message).to.match(f.says);
      expect(error.message).to.include('plugins.json');
      expect(error.message).to.include(`instance '${(f.instances.at(-1) as { id: string }).id}'`);
    });
  }

  it('an instance claims the token types its manifest entry names, and only types its plug-in declares', async () => {
    const registry = await load([{ id: 'echo', package: fixture('echo-generator'), tokenTypes: ['urn:example:token:echo'] }]);
    expect(registry.generatorFor('urn:example:token:echo')?.id).to.equal('echo');
    const error = await loadError([{ id: 'echo', package: fixture('echo-generator'), tokenTypes: ['urn:example:token:other'] }]);
    expect(error.code).to.equal(StartupErrorCode.PLUGIN_CONFIG_INVALID);
    expect(error.message).to.match(/instance 'echo'.*phase register: tokenTypes: urn:example:token:other is not a token type the plug-in declares/);
  });

  it('two instances of one package are fine when only one is enabled', async () => {
    const registry = await load([{ id: 'echo-a', package: fixture('echo-generator') }, { id: 'echo-b', package: fixture('echo-generator'), enabled: false }]);
    expect(registry.generatorFor('urn:example:token:echo')?.id).to.equal('echo-a');
  });

  const manifestFailures: { name: string; manifest: unknown; says: RegExp }[] = [
    { name: 'an unknown key in an entry', manifest: { instances: [{ id: 'a', package: 'p', enabeld: true }] }, says: /\/instances\/0: must NOT have additional properties 'enabeld'/ },
    { name: 'a wrong type', manifest: { instances: [{ id: 'a', package: 'p', enabled: 'yes' }] }, says: /\/instances\/0\/enabled: must be boolean/ },
    { name: 'a duplicate instance id', manifest: { instances: [{ id: 'a', package: 'p' }, { id: 'a', package: 'q' }] }, says: /\/instances\/1\/id: duplicate instance id a/ },
    { name: 'no instances list', manifest: {}, says: /must have required property 'instances'/ },
  ];
  for (const f of manifestFailures) {
    it(`refuses a manifest with ${f.name}, naming the file and the JSON path`, () => {
      const file = join(tempDir('manifest'), 'plugins.json');
      writeFileSync(file, JSON.stringify(f.manifest));
      expect(() => readManifest(file)).to.throw(StartupError, f.says).with.property('code', StartupErrorCode.MANIFEST_INVALID);
      expect(() => readManifest(file)).to.throw(file);
    });
  }

  it('refuses a manifest that is not JSON', () => {
    const file = join(tempDir('manifest'), 'plugins.json');
    writeFileSync(file, '{ "instances": [ ');
    expect(() => readManifest(file)).to.throw(StartupError).with.property('code', StartupErrorCode.MANIFEST_READ);
  });
});
