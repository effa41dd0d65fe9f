/**
 * Workers start with --expose-gc and a smaller V8 young generation (core/src/process/worker-exec-argv.ts),
 * unless the operator chose a semi-space size: read from each worker's /proc/PID/cmdline, which is what Node
 * and V8 read at its start.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { WORKER_SEMI_SPACE_MB, workerExecArgv } from '@sts/core';
import { startStsProcess, type StsProcess } from '../helpers/sts-process.js';

const cmdlineOf = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe('workers start with --expose-gc and an 8 MB V8 semi-space', function () {
  this.timeout(60_000);
  let sts: StsProcess | undefined;
  afterEach(async () => {
    await sts?.stop();
    sts = undefined;
  });

  it('workerExecArgv adds both after the primary\'s flags, and leaves an operator\'s semi-space size alone', () => {
    expect(workerExecArgv(['--enable-source-maps'], {})).to.deep.equal(['--enable-source-maps', '--expose-gc', `--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`]);
    expect(workerExecArgv(['--max-semi-space-size=32'], {})).to.deep.equal(['--max-semi-space-size=32', '--expose-gc']);
    expect(workerExecArgv(['--max_semi_space_size', '32'], {})).to.deep.equal(['--max_semi_space_size', '32', '--expose-gc']);
    expect(workerExecArgv([], { NODE_OPTIONS: '--trace-warnings --max-semi-space-size=4' })).to.deep.equal(['--expose-gc']);
    expect(workerExecArgv([], { NODE_OPTIONS: '--max-semi-space-sizes-are-not-a-flag' })).to.include(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  });

  it('every worker of `sts start` runs with both flags; the primary without them', async () => {
    sts = await startStsProcess({ workers: 2 });
    const pids = sts.workerPids();
    expect(pids).to.have.length(2);
    for (const pid of pids) expect(cmdlineOf(pid)).to.include.members(['--expose-gc', '--max-semi-space-size=8']);
    expect(cmdlineOf(sts.child.pid!)).not.to.include('--max-semi-space-size=8');
  });

  it('keeps the operator\'s semi-space size from NODE_OPTIONS', async () => {
    sts = await startStsProcess({ workers: 1, env: { NODE_OPTIONS: '--max-semi-space-size=16' } });
    for (const pid of sts.workerPids()) expect(cmdlineOf(pid)).not.to.include('--max-semi-space-size=8');
  });
});
