/**
 * Compares the working tree with an earlier commit by alternating `bench.mjs` runs of each, because this
 * machine's speed moves by a third within an hour: a "before" run in the morning and an "after" run in the
 * afternoon measure the machine, not the change. Each round runs every scenario once on each tree, the order
 * swapped every round, and the summary gives per scenario the median ratio and server CPU per token of both
 * and the change of the CPU median.
 *
 *   node bench/compare.mjs --base REV [--only jwt-saml2,jwt-jwt] [--rounds 3] [--seconds 8]
 *
 * The base is checked out into a temporary git worktree with a copy of this tree's node_modules (the
 * workspace links in it are relative, so they point into the worktree) and built there; both are removed at
 * the end. Only the base's code runs from the worktree: the same scenarios and driver are asked of both, by
 * name, through each tree's own `bench.mjs`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './lib/start-sts.mjs';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    only: { type: 'string', default: 'jwt-saml2,username-saml2,jwt-jwt' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '8' },
  },
  strict: true,
});
if (values.base === undefined) throw new Error('--base REV: the commit to compare the working tree with');
const scenarios = values.only.split(',').filter(Boolean);
const rounds = Number(values.rounds);
if (!(Number.isInteger(rounds) && rounds > 0)) throw new Error('--rounds must be a positive integer');

const git = (...args) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();
const baseCommit = git('rev-parse', '--verify', `${values.base}^{commit}`);
const baseDir = join(mkdtempSync(join(tmpdir(), 'sts-compare-')), 'base');
git('worktree', 'add', '--detach', baseDir, baseCommit);
try {
  console.log(`base ${baseCommit.slice(0, 12)} in ${baseDir}: copying node_modules and building`);
  cpSync(join(ROOT, 'node_modules'), join(baseDir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  const packages = ['sdk', 'core', ...readdirSync(join(baseDir, 'plugins')).map((p) => join('plugins', p))];
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', ...packages], { cwd: baseDir, stdio: 'inherit' });

  const trees = { base: baseDir, head: ROOT };
  const samples = Object.fromEntries(scenarios.map((s) => [s, { base: [], head: [] }]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
    for (const scenario of scenarios) {
      for (const tree of order) {
        const row = runScenario(trees[tree], scenario);
        samples[scenario][tree].push(row);
        console.log(`round ${round + 1} ${scenario} ${tree}: ratio ${row.ratio}, ${row.cpu} µs/token, p99 ${row.p99} ms`);
      }
    }
  }

  console.log('\n| scenario | base ratio | head ratio | base CPU µs/token | head CPU µs/token | CPU change | base p99 ms | head p99 ms |\n|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const scenario of scenarios) {
    const { base, head } = samples[scenario];
    const [br, hr, bc, hc] = [median(base.map((r) => r.ratio)), median(head.map((r) => r.ratio)), median(base.map((r) => r.cpu)), median(head.map((r) => r.cpu))];
    const [bp, hp] = [median(base.map((r) => r.p99)), median(head.map((r) => r.p99))];
    console.log(`| ${scenario} | ${br.toFixed(3)} | ${hr.toFixed(3)} | ${bc.toFixed(0)} | ${hc.toFixed(0)} | ${(((hc - bc) / bc) * 100).toFixed(1)} % | ${bp.toFixed(1)} | ${hp.toFixed(1)} |`);
  }
  console.log(`\n(medians of ${rounds} alternating runs of ${values.seconds} s each; the ratio is to the signing rate measured in the same run)`);
} finally {
  git('worktree', 'remove', '--force', baseDir);
  rmSync(join(baseDir, '..'), { recursive: true, force: true });
}

/** One `bench.mjs --only` run of a tree; its table row for the scenario. */
function runScenario(dir, scenario) {
  const run = spawnSync(process.execPath, [join(dir, 'bench', 'bench.mjs'), '--only', scenario, '--seconds', values.seconds], { cwd: dir, encoding: 'utf8' });
  const lines = run.stdout.split('\n');
  const header = lines.find((l) => l.startsWith('| scenario |'));
  // half-load's label carries its pace: `| half-load (jwt-saml2 paced at 306/s) |`.
  const row = lines.find((l) => l.startsWith(`| ${scenario} |`) || l.startsWith(`| ${scenario} (`));
  if (run.status !== 0 || header === undefined || row === undefined) throw new Error(`${dir}: ${scenario} failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const cells = (line) => line.split('|').slice(1, -1).map((c) => c.trim());
  const named = Object.fromEntries(cells(header).map((name, i) => [name, cells(row)[i]]));
  return { ratio: Number(named.ratio), cpu: Number.parseFloat(named['server CPU µs/token']), p99: Number(named['p99 ms']) };
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
