/**
 * What a worker starts with (core/src/process/worker-exec-argv.ts, worker-malloc-env.ts): an 8 MB V8
 * semi-space in its command line, glibc's mmap threshold in its environment, each unless the operator
 * chose otherwise. Read from each worker's /proc/PID/cmdline and /proc/PID/environ: what Node, V8 and glibc
 * read at its start.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { WORKER_MMAP_THRESHOLD_BYTES, WORKER_SEMI_SPACE_MB, workerExecArgv, workerMallocEnv } from '@sts/core';
import { startStsProcess, type StsProcess } from '../helpers/sts-process.js';

/** The NUL-separated entries of /proc/PID/<what>. */
const procList = (pid: number, what: 'cmdline' | 'environ'): string[] => readFileSync(`/proc/${pid}/${what}`, 'latin1').split('\0').filter(Boolean);

function environOf(pid: number): Record<string, string> {
  return Object.fromEntries(procList(pid, 'environ').map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

describe('what workers start with: V8 flags and the C allocator threshold', function () {
  this.timeout(60_000);
  let sts: StsProcess | undefined;
  afterEach(async () => {
    await sts?.stop();
    sts = undefined;
  });

  it('workerExecArgv adds the semi-space after the primary\'s flags, and leaves an operator\'s semi-space size alone', () => {
    expect(workerExecArgv(['--enable-source-maps'], {})).to.deep.equal(['--enable-source-maps', `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`]);
    expect(workerExecArgv(['--max-semi-space-size=32'], {})).to.deep.equal(['--max-semi-space-size=32']);
    expect(workerExecArgv(['--max_semi_space_size', '32'], {})).to.deep.equal(['--max_semi_space_size', '32']);
    expect(workerExecArgv([], { NODE_OPTIONS: '--trace-warnings --max-semi-space-size=4' })).to.deep.equal([]);
    expect(workerExecArgv([], { NODE_OPTIONS: '--max-semi-space-sizes-are-not-a-flag' })).to.include(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  });

  it('workerMallocEnv sets the mmap threshold when the environment does not, and leaves an operator\'s setting alone', () => {
    expect(workerMallocEnv({})).to.deep.equal({ MALLOC_MMAP_THRESHOLD_: String(WORKER_MMAP_THRESHOLD_BYTES) });
    expect(workerMallocEnv({ MALLOC_MMAP_THRESHOLD_: '65536' })).to.deep.equal({});
  });

  it('every worker of `sts start` has the semi-space flag and MALLOC_MMAP_THRESHOLD_=131072; the primary is left as it was', async () => {
    sts = await startStsProcess({ workers: 2 });
    const pids = sts.workerPids();
    expect(pids).to.have.length(2);
    for (const pid of pids) {
      expect(procList(pid, 'cmdline')).to.include('--max-semi-space-size=8');
      expect(environOf(pid)['MALLOC_MMAP_THRESHOLD_']).to.equal('131072');
    }
    expect(procList(sts.child.pid!, 'cmdline')).not.to.include('--max-semi-space-size=8');
    expect(environOf(sts.child.pid!)['MALLOC_MMAP_THRESHOLD_']).to.equal(undefined);
  });

  it('keeps the operator\'s semi-space size (NODE_OPTIONS) and mmap threshold (environment)', async () => {
    sts = await startStsProcess({ workers: 1, env: { NODE_OPTIONS: '--max-semi-space-size=16', MALLOC_MMAP_THRESHOLD_: '262144' } });
    for (const pid of sts.workerPids()) {
      expect(procList(pid, 'cmdline')).not.to.include('--max-semi-space-size=8');
      expect(environOf(pid)['MALLOC_MMAP_THRESHOLD_']).to.equal('262144');
    }
  });
});
