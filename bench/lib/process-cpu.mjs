/**
 * CPU time (user + system) of the STS: the primary and its workers, from /proc/<pid>/stat, in microseconds.
 * A worker that exits between two readings takes its time with it, so the bench reads the same pids before
 * and after and says when the set changed.
 */
import { readFileSync } from 'node:fs';
import { childPids } from './process-memory.mjs';

// USER_HZ is 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)); /proc reports ticks of it.
const TICK_US = 10_000;

export function cpuMicros(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime) are 11 and 12 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return 0;
  }
}

/** { pids, perPid, micros }: the primary and its current workers, each one's CPU time, and their sum. */
export function stsCpu(primaryPid) {
  const pids = [primaryPid, ...childPids(primaryPid)];
  const perPid = pids.map(cpuMicros);
  return { pids, perPid, micros: perPid.reduce((sum, micros) => sum + micros, 0) };
}

/**
 * Each worker's share of one core between two readings of the same pids, in percent (the primary left out):
 * a split far from even says the load reached one worker more than the other.
 */
export function workerCoreShares(before, after, seconds) {
  return before.pids.slice(1).map((pid, i) => after.pids[i + 1] === pid ? Math.round((after.perPid[i + 1] - before.perPid[i + 1]) / (seconds * 1e4)) : NaN);
}
