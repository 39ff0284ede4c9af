import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import graph of a source tree (every `import` and `export ... from`, type-only ones
 * included: a type circle is still a circle for a reader), its strongly connected components,
 * and the facts the architecture rules check. `npm run check:imports` prints them;
 * test/architecture.test.ts enforces them.
 */
export interface ImportGraph {
  root: string;
  /** File (relative to root) → relative files it imports within the tree. */
  edges: Map<string, string[]>;
  /** File → bare module specifiers it imports (npm packages, node: builtins). */
  external: Map<string, string[]>;
  lines: Map<string, number>;
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g;
const DYNAMIC_RE = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

export function importGraph(root: string): ImportGraph {
  const abs = resolve(root);
  const g: ImportGraph = { root: abs, edges: new Map(), external: new Map(), lines: new Map() };
  for (const file of sourceFiles(abs)) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(abs, file);
    const local: string[] = [], ext: string[] = [];
    // Comments can quote import lines; strip them first (block, then line comments).
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    for (const re of [IMPORT_RE, DYNAMIC_RE]) {
      for (const m of code.matchAll(re)) {
        const spec = m[1];
        if (spec.startsWith('.')) local.push(relative(abs, resolve(dirname(file), spec)));
        else ext.push(spec);
      }
    }
    g.edges.set(rel, [...new Set(local)].sort());
    g.external.set(rel, [...new Set(ext)].sort());
    g.lines.set(rel, text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
  }
  return g;
}

/** Import circles: strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function cycles(g: ImportGraph): string[][] {
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>(), stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of g.edges.get(v) ?? []) {
      if (!g.edges.has(w)) continue;
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || (g.edges.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of [...g.edges.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** Files that import `target` (relative to the root). */
export function importersOf(g: ImportGraph, target: string): string[] {
  return [...g.edges].filter(([, to]) => to.includes(target)).map(([f]) => f).sort();
}

/** Files importing Node built-ins (node:*, fs, path, ...). */
export function nodeImports(g: ImportGraph): [string, string][] {
  const builtins = new Set(['fs', 'path', 'os', 'child_process', 'worker_threads', 'util', 'crypto', 'url', 'http', 'net', 'stream', 'process']);
  const out: [string, string][] = [];
  for (const [f, ext] of g.external) for (const s of ext) if (s.startsWith('node:') || builtins.has(s.split('/')[0])) out.push([f, s]);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const root = process.argv[2] ?? 'sim-core';
  const g = importGraph(root);
  const circles = cycles(g);
  const long = [...g.lines].filter(([, n]) => n > 450).sort((a, b) => b[1] - a[1]);
  const edges = [...g.edges.values()].reduce((a, b) => a + b.length, 0);
  console.log(`${root}: ${g.edges.size} files, ${edges} internal imports (type-only included)`);
  console.log(`import circles: ${circles.length}`);
  for (const c of circles) console.log(`  ${c.join(' → ')}`);
  console.log(`files over 450 lines: ${long.length ? long.map(([f, n]) => `${f} (${n})`).join(', ') : 'none'}`);
  const node = nodeImports(g);
  console.log(`Node built-in imports: ${node.length ? node.map(([f, s]) => `${f}: ${s}`).join(', ') : 'none'}`);
  const largest = [...g.lines].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`largest files: ${largest.map(([f, n]) => `${f} ${n}`).join(', ')}`);
  process.exitCode = circles.length || long.length || node.length ? 1 : 0;
}
