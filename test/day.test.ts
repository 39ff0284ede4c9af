import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers/cli.ts';

/**
 * A shortened day in CI (the full 24 h at ×10 and ×30 is `npm run bench -- day`): 6 simulated
 * hours of Alatau with every engine feature on and a flat demand profile, in a process with
 * --expose-gc so the heap is measured after a full collection. Under steady demand the heap must
 * stay flat (hour 6 at most 1.1× hour 2) and no figure may go NaN.
 */
describe('a shortened day', () => {
  it('keeps the heap flat under steady demand and every figure finite', () => {
    const flat = `demand.profile=[${Array(24).fill(1).join(',')}]`;
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', 'day.ts'), '1', '6', flat], { encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    const day = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(day.gc_forced).toBe(true);
    expect(day.heap_mib_by_hour).toHaveLength(6);
    expect(day.heap_ratio_last_vs_h2).toBeLessThanOrEqual(1.1);
    expect(day.non_finite).toBe(0);
    expect(day.overdue).toBe(0);
    expect(day.plans).toBeGreaterThan(5000);
  }, 120_000);
});
