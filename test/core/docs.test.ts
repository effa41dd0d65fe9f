import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDocs, replaceSection, StartupErrorCode } from '@sts/core';
import { REPO_ROOT } from '../helpers/paths.js';

const readme = () => readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe('docs stay true (run `npm run docs` after changing a schema or an error code)', () => {
  const docs = generatedDocs();

  for (const [name, body] of Object.entries(docs.sections)) {
    it(`README section ${name} is the one generated from the code`, () => {
      expect(replaceSection(readme(), name, body)).to.equal(readme());
    });
  }

  for (const [file, body] of Object.entries(docs.files)) {
    it(`${file} is the one generated from the code`, () => {
      expect(readFileSync(join(REPO_ROOT, file), 'utf8')).to.equal(body);
    });
  }

  it('README lists every startup error code', () => {
    for (const code of Object.values(StartupErrorCode)) expect(readme()).to.include(`\`${code}\``);
  });

  it('README lists every WS-Trust fault code the SDK defines', async () => {
    const { FAULT_REASONS } = await import('@sts/sdk');
    const used = ['InvalidRequest', 'FailedAuthentication', 'InvalidSecurityToken', 'ExpiredData', 'BadRequest', 'RequestFailed'];
    for (const code of used) {
      expect(Object.keys(FAULT_REASONS)).to.include(code);
      expect(readme()).to.include(`\`wst:${code}\``);
    }
  });
});
