import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importersOf, importGraph, nodeImports } from './helpers/import-graph.ts';
import { BROAD_PHASES, CAR_FOLLOWING_MODELS, JUNCTION_CONTROLS, POLICIES, RESOLVERS, scenarioSchema, validateScenario } from '../sim-core/index.ts';
import { alatauScenario } from '../src/scenarios/alatau/scenario.ts';

const root = join(import.meta.dirname, '..', 'sim-core');
const g = importGraph(root);

describe('sim-core architecture (the rules in the README, enforced)', () => {
  it('has no import circles (type-only imports included)', () => {
    expect(cycles(g)).toEqual([]);
  });

  it('keeps files small: none over 450 lines, the Simulation under 300', () => {
    const long = [...g.lines].filter(([, n]) => n > 450);
    expect(long).toEqual([]);
    expect(g.lines.get('engine/simulation.ts')!).toBeLessThan(300);
  });

  it('imports no Node built-ins and reads no clock or global randomness', () => {
    expect(nodeImports(g)).toEqual([]);
    for (const file of g.lines.keys()) {
      const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(text, file).not.toMatch(/Math\.random|Date\.now|new Date\(|performance\.now|process\./);
    }
  });

  it('only the scenario layer imports the compiler; the world imports nothing of sim-core', () => {
    expect(importersOf(g, 'scenario/compile.ts').filter((f) => !f.startsWith('scenario/') && f !== 'index.ts')).toEqual([]);
    expect(g.edges.get('world/world.ts')).toEqual([]);
    // Nothing below the scenario layer reads the raw Scenario type.
    const readers = [...g.edges].filter(([f, to]) => !f.startsWith('scenario/') && f !== 'index.ts' && to.includes('scenario/schema.ts')).map(([f]) => f);
    expect(readers).toEqual([]);
  });

  it('the checker finds a circle when there is one (so the rules above can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-graph-'));
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'x.ts'), "import type { Y } from '../y.ts';\nexport type X = Y;\n");
    writeFileSync(join(dir, 'y.ts'), "import { z } from './z.ts';\nexport type Y = number;\nexport const w = z;\n");
    writeFileSync(join(dir, 'z.ts'), "export {\n  x,\n} from './a/x.ts';\nexport const z = 1;\n");
    expect(cycles(importGraph(dir))).toEqual([['a/x.ts', 'y.ts', 'z.ts']]);
  });
});

describe('family registries are the only list of members', () => {
  const enumOf = (path: string[]) => {
    let t: unknown = scenarioSchema;
    for (const k of path) {
      // unwrap defaults/optionals down to the object shape, then take the key
      while ((t as { unwrap?: () => unknown }).unwrap && !(t as { shape?: unknown }).shape) t = (t as { unwrap: () => unknown }).unwrap();
      t = (t as { shape: Record<string, unknown> }).shape[k];
    }
    while ((t as { unwrap?: () => unknown }).unwrap && !(t as { options?: unknown }).options) t = (t as { unwrap: () => unknown }).unwrap();
    return (t as { options: string[] }).options;
  };
  it('scenario enums are generated from the registries', () => {
    expect(enumOf(['airspace', 'policy'])).toEqual([...POLICIES.names]);
    expect(enumOf(['tactical', 'resolver'])).toEqual([...RESOLVERS.names]);
    expect(enumOf(['tactical', 'broadphase'])).toEqual([...BROAD_PHASES.names]);
    expect(enumOf(['ground', 'junction_control'])).toEqual([...JUNCTION_CONTROLS.names]);
    expect(enumOf(['ground', 'car_following'])).toEqual([...CAR_FOLLOWING_MODELS.names]);
  });

  it('an unknown member name is a validation error that lists the known ones', () => {
    const s = alatauScenario() as unknown as Record<string, Record<string, unknown>>;
    s.ground = { car_following: 'gipps' };
    s.tactical = { resolver: 'ssd' };
    const r = validateScenario(s, { scenarioFile: 'x.json' });
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    expect(text).toContain('ground.car_following: expected a car-following model: idm, krauss');
    expect(text).toContain('tactical.resolver: expected a conflict resolution method: mvp, mvp-horizontal, vo, vertical, none');
  });
});
