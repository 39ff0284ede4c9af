import { parseArgs } from 'node:util';
import fc from 'fast-check';
import Table from 'cli-table3';
import cliProgress from 'cli-progress';
import { TARGETS } from './index.ts';
import { killRuns } from './kill.ts';

/**
 * `npm run fuzz -- [--cases N] [--kills K] [--seed S] [--only name,...]`: runs every fuzz target N
 * times (default 10,000) and K SIGINT kills (default 50), printing outcomes per target. A failing
 * case is shrunk and printed with its seed and path, so it can be replayed with the same flags.
 */
const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, kills: { type: 'string', default: '50' }, seed: { type: 'string', default: '20261202' }, only: { type: 'string' } } });
const cases = Number(values.cases), kills = Number(values.kills), seed = Number(values.seed);
const only = values.only?.split(',');
const table = new Table({ head: ['target', 'cases', 'accepted', 'rejected (located)', 'failures', 'wall s'], style: { head: [], border: [] } });
let failed = false;
for (const [i, target] of TARGETS.entries()) {
  if (only && !only.includes(target.name)) continue;
  const seen = { accepted: 0, rejected: 0 };
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: ` ${target.name.padEnd(18)} {bar} {value}/{total}`, stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  bar?.start(cases, 0);
  const t0 = performance.now();
  const tenth = Math.max(1, Math.floor(cases / 10));
  const result = await fc.check(fc.asyncProperty(target.arbitrary, async (input) => {
    seen[await target.run(input)]++;
    bar?.increment();
    // Without a terminal: a line per tenth, so a long run shows where it is.
    const done = seen.accepted + seen.rejected;
    if (!bar && done % tenth === 0) console.error(`  ${target.name}: ${done}/${cases} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }), { numRuns: cases, seed: seed + i, endOnFailure: true });
  bar?.stop();
  if (result.failed) {
    failed = true;
    console.error(`${target.name}: FAILED after ${result.numRuns} cases (seed ${result.seed}, path ${result.counterexamplePath}): ${String(result.errorInstance ?? '').slice(0, 600)}\ncounterexample: ${JSON.stringify(result.counterexample).slice(0, 600)}`);
  }
  table.push([target.name, result.numRuns, seen.accepted, seen.rejected, result.failed ? 1 : 0, ((performance.now() - t0) / 1000).toFixed(1)]);
}
console.log(table.toString());
if (kills > 0) {
  const t0 = performance.now();
  const results = await killRuns(kills, seed);
  const by = (o: string) => results.filter((r) => r.outcome === o).length;
  console.log(`kill test: ${results.length} runs interrupted with SIGINT at random moments (0.3-3 s): ${by('nothing')} wrote nothing, ${by('partial')} wrote a partial result, ${by('complete')} had finished; ${results.filter((r) => !r.ok).length} problems (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  for (const r of results) if (!r.ok) { failed = true; console.error(`  ${r.detail}`); }
}
process.exitCode = failed ? 1 : 0;
