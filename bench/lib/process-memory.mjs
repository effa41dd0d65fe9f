/**
 * Resident memory of the STS: the primary and each worker (its direct children), read from /proc, in MB.
 * libxml2's native memory is invisible to V8, so RSS is what counts.
 */
import { readdirSync, readFileSync } from 'node:fs';

export function rssMb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

export function childPids(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return children.sort((a, b) => a - b);
}

/** { primary, workers: [{ pid, mb }], total } */
export function stsMemory(primaryPid) {
  const workers = childPids(primaryPid).map((pid) => ({ pid, mb: rssMb(pid) }));
  const primary = rssMb(primaryPid);
  return { primary, workers, total: primary + workers.reduce((sum, w) => sum + w.mb, 0) };
}
