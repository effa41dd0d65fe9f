/**
 * Workers start with a fixed glibc mmap threshold (core/src/process/worker-malloc-env.ts), unless the operator
 * set one: read from each worker's /proc/PID/environ, which is what glibc read at its start.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { WORKER_MMAP_THRESHOLD_BYTES, workerMallocEnv } from '@sts/core';
import { startStsProcess, type StsProcess } from '../helpers/sts-process.js';

function environOf(pid: number): Record<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter(Boolean);
  return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

describe('workers start with a fixed C allocator mmap threshold', function () {
  this.timeout(60_000);
  let sts: StsProcess | undefined;
  afterEach(async () => {
    await sts?.stop();
    sts = undefined;
  });

  it('workerMallocEnv sets it when the environment does not, and leaves an operator\'s setting alone', () => {
    expect(workerMallocEnv({})).to.deep.equal({ MALLOC_MMAP_THRESHOLD_: String(WORKER_MMAP_THRESHOLD_BYTES) });
    expect(workerMallocEnv({ MALLOC_MMAP_THRESHOLD_: '65536' })).to.deep.equal({});
  });

  it('every worker of `sts start` has MALLOC_MMAP_THRESHOLD_=131072 in the environment it started with', async () => {
    sts = await startStsProcess({ workers: 2 });
    const pids = sts.workerPids();
    expect(pids).to.have.length(2);
    for (const pid of pids) expect(environOf(pid)['MALLOC_MMAP_THRESHOLD_']).to.equal('131072');
    expect(environOf(sts.child.pid!)['MALLOC_MMAP_THRESHOLD_'], 'the primary is left as it was').to.equal(undefined);
  });

  it('keeps the operator\'s value', async () => {
    sts = await startStsProcess({ workers: 1, env: { MALLOC_MMAP_THRESHOLD_: '262144' } });
    for (const pid of sts.workerPids()) expect(environOf(pid)['MALLOC_MMAP_THRESHOLD_']).to.equal('262144');
  });
});
