import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LAYER_NAMES, validateScenario, type LayerName, type Scenario, type ScenarioProblem } from '../sim-core/index.ts';
import { alatauScenario } from './scenarios/alatau/scenario.ts';
import { ScenarioLoadError } from './io.ts';

/** Built-in scenarios selectable by name with `--scenario <name>`. */
export const BUILTIN_SCENARIOS: Record<string, () => unknown> = { alatau: alatauScenario };

export { ScenarioLoadError } from './io.ts';

function readJson(file: string, label: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioLoadError([{ file: label, path: '(file)', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ScenarioLoadError([{ file: label, path: '(file)', message: `expected JSON: ${(e as Error).message}` }]);
  }
}

/**
 * Parses one `--set path=value` override. The value is JSON when it parses as JSON, else a string.
 * Paths use dots and optional [i] indices: `demand.scale`, `demand.flows[0].trips_per_hour`.
 */
export function parseOverride(spec: string): { path: (string | number)[]; value: unknown } {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new ScenarioLoadError([{ file: '--set', path: spec, message: 'expected <json.path>=<value>' }]);
  const pathText = spec.slice(0, eq);
  const raw = spec.slice(eq + 1);
  const path: (string | number)[] = [];
  for (const part of pathText.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new ScenarioLoadError([{ file: '--set', path: pathText, message: 'expected a dotted path such as demand.scale or demand.flows[0].trips_per_hour' }]);
    path.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]));
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path, value };
}

function applyOverride(target: unknown, spec: string): void {
  const { path, value } = parseOverride(spec);
  let node = target as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    let next = node[path[i]];
    // A missing object (a section left to its defaults) is created; the schema then rejects
    // anything that is not a real field.
    if (next === undefined) next = node[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
    if (next === null || typeof next !== 'object') {
      throw new ScenarioLoadError([{ file: '--set', path: spec.slice(0, spec.indexOf('=')), message: `"${path.slice(0, i + 1).join('.')}" is a ${next === null ? 'null' : typeof next}, not an object` }]);
    }
    node = next as Record<string | number, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** A scenario as read from its source, before overrides: plain JSON with its layers inlined. */
export interface ScenarioSource {
  /** The built-in name or the file path given by the user. */
  name: string;
  /** How problems name the scenario file. */
  scenarioFile: string;
  raw: Record<string, unknown>;
  layerFiles: Partial<Record<LayerName, string>>;
}

/** Reads a built-in scenario or a JSON file and inlines its GeoJSON layer files (relative to it). */
export function readScenarioSource(nameOrPath: string): ScenarioSource {
  const builtin = BUILTIN_SCENARIOS[nameOrPath];
  if (builtin) return { name: nameOrPath, scenarioFile: `<built-in scenario "${nameOrPath}">`, raw: builtin() as Record<string, unknown>, layerFiles: {} };
  const layerFiles: Partial<Record<LayerName, string>> = {};
  const parsed = readJson(nameOrPath, nameOrPath);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ScenarioLoadError([{ file: nameOrPath, path: '(root)', message: `expected a JSON object, or a built-in scenario name (${Object.keys(BUILTIN_SCENARIOS).join(', ')})` }]);
  }
  const raw = parsed as Record<string, unknown>;
  const layers = raw.layers;
  if (layers && typeof layers === 'object') {
    const problems: ScenarioProblem[] = [];
    for (const name of LAYER_NAMES) {
      const ref = (layers as Record<string, unknown>)[name];
      if (typeof ref !== 'string') continue;
      const file = resolve(dirname(nameOrPath), ref);
      try {
        (layers as Record<string, unknown>)[name] = readJson(file, file);
        layerFiles[name] = file;
      } catch (e) {
        if (e instanceof ScenarioLoadError) problems.push(...e.problems);
        else throw e;
      }
    }
    if (problems.length) throw new ScenarioLoadError(problems);
  }
  return { name: nameOrPath, scenarioFile: nameOrPath, raw, layerFiles };
}

/** Applies `--set` overrides to a copy of the source and validates it; throws ScenarioLoadError listing every problem. */
export function scenarioFromSource(source: ScenarioSource, overrides: string[] = []): Scenario {
  const raw = structuredClone(source.raw);
  for (const spec of overrides) applyOverride(raw, spec);
  const result = validateScenario(raw, { scenarioFile: source.scenarioFile, layerFiles: source.layerFiles });
  if (!result.ok) throw new ScenarioLoadError(result.problems);
  return result.scenario;
}

/**
 * Loads a scenario by built-in name or JSON file path, inlines GeoJSON layers given as file
 * paths (relative to the scenario file), applies `--set` overrides, and validates everything.
 * Throws ScenarioLoadError listing every problem.
 */
export function loadScenario(nameOrPath: string, overrides: string[] = []): Scenario {
  return scenarioFromSource(readScenarioSource(nameOrPath), overrides);
}
