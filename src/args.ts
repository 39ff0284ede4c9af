import { UsageError } from './io.ts';
import type { Registry } from '../sim-core/world/registry.ts';

/** Command-line argument parsers shared by the commands: each throws a UsageError naming the flag. */

export function parseSeed(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n > 0xffffffff) throw new UsageError(`--seed: expected an integer in 0..4294967295, got "${text}"`);
  return n;
}

export function parsePositive(text: string, flag: string, what: string, max = Infinity): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`${flag}: expected ${what} > 0${max < Infinity ? ` and <= ${max}` : ''}, got "${text}"`);
  return n;
}

/** A number in [min, max]. */
export function parseNumberIn(text: string, flag: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag}: expected ${what} in [${min}, ${max}], got "${text}"`);
  return n;
}

/** A member name of a family registry (policies, resolvers, ...). */
export function parseMember<T>(text: string, flag: string, registry: Registry<T>): string {
  if (!registry.has(text)) throw new UsageError(`${flag}: ${registry.unknownMessage(text)}`);
  return text;
}

/**
 * `--duration -5`: node's parseArgs reads "-5" as an option and says "argument is ambiguous".
 * A value that looks like a negative number is glued to its flag (`--duration=-5`), so the
 * command's own check can say what it expects.
 */
export function glueNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], next = argv[i + 1];
    if (/^--[a-z][\w-]*$/.test(a) && next !== undefined && /^-(\d|\.\d|Infinity)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}
