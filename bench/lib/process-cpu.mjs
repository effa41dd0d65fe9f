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

/** { pids, micros }: the primary and its current workers, and their CPU time summed. */
export function stsCpu(primaryPid) {
  const pids = [primaryPid, ...childPids(primaryPid)];
  return { pids, micros: pids.reduce((sum, pid) => sum + cpuMicros(pid), 0) };
}
