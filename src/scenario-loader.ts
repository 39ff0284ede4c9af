import { readFileSync } from 'node:fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { dirname, resolve } from 'node:path';
import { LAYER_NAMES, validateScenario, type LayerName, type Scenario, type ScenarioProblem } from '../sim-core/index.ts';
import { alatauScenario } from './scenarios/alatau/scenario.ts';
import { ScenarioLoadError } from './io.ts';
import { inlineSumoNet } from './interop/sumo/scenario-net.ts';

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
  // A UTF-8 byte-order mark is legal at the start of a file; JSON.parse does not accept it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ScenarioLoadError([{ file: label, path: '(file)', message: `expected JSON: ${jsonErrorText(text, e as Error)}` }]);
  }
}

const JSON_ERRORS: Record<string, string> = {
  ValueExpected: 'expected a value (a trailing comma?)', PropertyNameExpected: 'expected a double-quoted property name (a trailing comma?)',
  ColonExpected: 'expected ":" after a property name', CommaExpected: 'expected "," between items', CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"', EndOfFileExpected: 'expected the end of the file (text after the JSON value)', InvalidSymbol: 'unexpected character',
  InvalidCommentToken: 'comments are not JSON', UnexpectedEndOfString: 'unterminated string', UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'invalid \\u escape', InvalidEscapeCharacter: 'invalid escape', InvalidCharacter: 'invalid character in a string',
};

/**
 * A JSON syntax error with its line and column. V8's messages give a character position at best
 * (and none for some errors), so the text is re-scanned with jsonc-parser (strict: no comments,
 * no trailing commas) to find the first error's offset.
 */
export function jsonErrorText(text: string, e: Error): string {
  if (text.trim() === '') return 'the file is empty';
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  if (!errors.length) return e.message.length > 200 ? e.message.slice(0, 200) + '…' : e.message;
  const first = errors[0];
  const code = printParseErrorCode(first.error);
  let line = 1, col = 1;
  for (let i = 0; i < first.offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; col = 1; } else col++;
  }
  return `${JSON_ERRORS[code] ?? code} at line ${line}, column ${col}`;
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
  if (typeof value === 'number' && !Number.isFinite(value)) throw new ScenarioLoadError([{ file: '--set', path: pathText, message: `expected a finite number, got ${raw} (JSON numbers must be within ±1.8e308)` }]);
  return { path, value };
}

function applyOverride(target: unknown, spec: string): void {
  const { path, value } = parseOverride(spec);
  let node = target as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    if (typeof path[i] === 'number' && Array.isArray(node) && (path[i] as number) > node.length) {
      throw new ScenarioLoadError([{ file: '--set', path: spec.slice(0, spec.indexOf('=')), message: `index ${path[i]} out of range: "${path.slice(0, i).join('.')}" has ${node.length} entries (${node.length} appends one)` }]);
    }
    let next = node[path[i]];
    // A missing object (a section left to its defaults) is created; the schema then rejects
    // anything that is not a real field.
    if (next === undefined) next = node[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
    if (next === null || typeof next !== 'object') {
      throw new ScenarioLoadError([{ file: '--set', path: spec.slice(0, spec.indexOf('=')), message: `"${path.slice(0, i + 1).join('.')}" is a ${next === null ? 'null' : typeof next}, not an object` }]);
    }
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (typeof last === 'number' && Array.isArray(node) && last > node.length) {
    throw new ScenarioLoadError([{ file: '--set', path: spec.slice(0, spec.indexOf('=')), message: `index ${last} out of range: the list has ${node.length} entries (${node.length} appends one)` }]);
  }
  node[last] = value;
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
  const netProblems = inlineSumoNet(raw, source.scenarioFile, BUILTIN_SCENARIOS[source.name] !== undefined);
  if (netProblems.length) throw new ScenarioLoadError(netProblems);
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
