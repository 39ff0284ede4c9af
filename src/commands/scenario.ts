import { parseArgs } from 'node:util';
import { basename, dirname, join, resolve } from 'node:path';
import { LAYER_NAMES } from '../../sim-core/index.ts';
import { checkOutputFile, UsageError, writeFileAtomic } from '../io.ts';
import { BUILTIN_SCENARIOS, loadScenario } from '../scenario-loader.ts';

export const SCENARIO_HELP = `Usage: npm run sim -- scenario export <built-in name> --out <file.json>

Writes a built-in scenario as a starting point for your own: <file.json> plus one GeoJSON file
per layer next to it (<file>.geofences.geojson, ...), referenced by relative paths. The result is
valid as it is and runs exactly as the built-in (same scenario hash).

Built-in scenarios: ${Object.keys(BUILTIN_SCENARIOS).join(', ')}

Options:
  --out <file.json>   where to write the scenario file
  -h, --help          this help`;

export function scenarioCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help || positionals.length === 0) {
    console.log(SCENARIO_HELP);
    return values.help ? 0 : 2;
  }
  const [action, name, ...rest] = positionals;
  if (action !== 'export') throw new UsageError(`scenario: unknown action "${action}": expected export (see --help)`);
  if (!name || rest.length) throw new UsageError('scenario export: expected one built-in scenario name (see --help)');
  const builtin = BUILTIN_SCENARIOS[name];
  if (!builtin) throw new UsageError(`scenario export: unknown built-in scenario "${name}": expected one of ${Object.keys(BUILTIN_SCENARIOS).join(', ')}`);
  if (!values.out) throw new UsageError('scenario export: --out <file.json> is required');
  const out = resolve(values.out);
  if (!out.endsWith('.json')) throw new UsageError(`--out: expected a file name ending in .json, got "${values.out}"`);
  checkOutputFile(out, '--out');
  const raw = builtin() as Record<string, unknown> & { layers: Record<string, unknown> };
  const stem = basename(out, '.json');
  const layers: Record<string, string> = {};
  for (const layer of LAYER_NAMES) {
    const file = `${stem}.${layer}.geojson`;
    writeFileAtomic(join(dirname(out), file), JSON.stringify(raw.layers[layer], null, 1) + '\n');
    layers[layer] = file;
  }
  writeFileAtomic(out, JSON.stringify({ ...raw, layers }, null, 2) + '\n');
  // What we wrote must load: check it now rather than leave the user a broken starting point.
  const check = loadScenario(out);
  console.log(`wrote ${values.out} and ${LAYER_NAMES.length} layer files (${check.layers.vertiports.features.length} vertiports, ${check.demand.flows.length} flows)`);
  console.log(`Next: npm run sim -- run --scenario ${values.out} --duration 600 --out out/my-city`);
  return 0;
}
