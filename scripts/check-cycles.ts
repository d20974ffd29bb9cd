// `npm run check:cycles`: finds import loops that tie different units together, exits 1 if any.
//
// A unit is one layer or one module of a layer: a renderer feature (src-renderer/features/<x>),
// src-renderer/app, src-renderer/store, a core module (src-main/core/<x>), src-main/electron, cli,
// emulator, a src-shared folder; a file directly in a layer folder is a unit of its own (so
// core/studio.ts and core/studio/ would be two units, as are src-shared/ipc.ts and domain.ts).
// Loops inside one unit are its own business; a loop across units means neither can be understood,
// tested or moved without the other. Type-only imports count: a type cycle ties the modules just
// as tightly for a reader and for the type checker, and breaking it is how the layering stays
// honest. Imports are read and resolved with the TypeScript compiler's own scanner and resolver
// (already a dev dependency), so `import type`, `export … from` and `import()` are all seen.
import ts from 'typescript';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const SOURCE_ROOTS = ['src-main', 'src-shared', 'src-renderer'] as const;

/** Folders whose direct children (folders, or single files) are units of their own. */
const UNIT_PARENTS = ['src-renderer/features', 'src-main/core', ...SOURCE_ROOTS];

/** The unit of a repository-relative path (forward slashes). */
export function unitOf(file: string): string {
  const parts = file.split('/');
  for (const parent of UNIT_PARENTS) {
    const depth = parent.split('/').length;
    if (parts.length > depth && parts.slice(0, depth).join('/') === parent) {
      return parts.slice(0, depth + 1).join('/');
    }
  }
  return file;
}

/** Import graph: repository-relative file → the repository files it imports (sorted). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const SOURCE_FILE = /\.(ts|tsx|mts|cts)$/;
const RESOLVE_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  jsx: ts.JsxEmit.ReactJSX,
};

function listSourceFiles(root: string, dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory() && entry.name !== 'node_modules') files.push(...listSourceFiles(root, rel));
    else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(rel);
  }
  return files;
}

/** Reads every source file under `roots` (relative to `root`) and resolves its relative imports. */
export function buildImportGraph(root: string, roots: readonly string[] = SOURCE_ROOTS): ImportGraph {
  const files = roots.flatMap((dir) => listSourceFiles(root, dir));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const absolute = path.join(root, file);
    const scanned = ts.preProcessFile(readFileSync(absolute, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName: specifier } of scanned.importedFiles) {
      if (!specifier.startsWith('.')) continue; // packages are not part of our loops
      const resolved = ts.resolveModuleName(specifier, absolute, RESOLVE_OPTIONS, ts.sys).resolvedModule;
      if (resolved === undefined) continue;
      const target = path.relative(root, resolved.resolvedFileName).split(path.sep).join('/');
      if (known.has(target) && target !== file) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan), each sorted, in file order. */
export function importLoops(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  let next = 0;
  // Iterative, so a deep import chain cannot overflow the call stack.
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { file: string; edge: number }[] = [{ file: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = graph.get(frame.file) ?? [];
      if (frame.edge < targets.length) {
        const target = targets[frame.edge++]!;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ file: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.file, Math.min(low.get(frame.file)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.file, Math.min(low.get(parent.file)!, low.get(frame.file)!));
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.file);
      if (component.length > 1) loops.push(component.sort());
    }
  }
  return loops.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Shortest import path from `from` to `to` inside `within` (both ends included). */
function shortestPath(graph: ImportGraph, from: string, to: string, within: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    if (file === to) break;
    for (const target of graph.get(file) ?? []) {
      if (within.has(target) && !previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  const route = [to];
  while (route[0] !== from) route.unshift(previous.get(route[0]!)!);
  return route;
}

export interface CrossUnitLoop {
  /** The files of the loop (one strongly connected component), sorted. */
  files: string[];
  units: string[];
  /** Each import in the loop from one unit into another, with a shortest cycle through it. */
  crossings: { from: string; to: string; cycle: string[] }[];
}

/** The loops whose files belong to more than one unit. */
export function crossUnitLoops(graph: ImportGraph, unit: (file: string) => string = unitOf): CrossUnitLoop[] {
  const result: CrossUnitLoop[] = [];
  for (const files of importLoops(graph)) {
    const units = [...new Set(files.map(unit))].sort();
    if (units.length < 2) continue;
    const within = new Set(files);
    const crossings = files.flatMap((from) =>
      (graph.get(from) ?? [])
        .filter((to) => within.has(to) && unit(to) !== unit(from))
        .map((to) => ({ from, to, cycle: [from, ...shortestPath(graph, to, from, within)] })),
    );
    result.push({ files, units, crossings });
  }
  return result;
}

export function formatLoops(loops: readonly CrossUnitLoop[]): string {
  if (loops.length === 0) return 'No import loop crosses a feature or layer boundary.';
  const lines = [`${loops.length} import loop(s) cross feature or layer boundaries:`];
  for (const [i, loop] of loops.entries()) {
    lines.push(
      '',
      `Loop ${i + 1}: ${loop.files.length} files in ${loop.units.join(', ')}; ${loop.crossings.length} imports cross units:`,
    );
    for (const crossing of loop.crossings) {
      lines.push(`  ${crossing.from} -> ${crossing.to}`, `    cycle: ${crossing.cycle.join(' -> ')}`);
    }
  }
  return lines.join('\n');
}

if (import.meta.main) {
  // --root: another checkout (the tests use a temp tree); by default this repository.
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  const loops = crossUnitLoops(buildImportGraph(path.resolve(values.root ?? path.join(import.meta.dirname, '..'))));
  console.log(formatLoops(loops));
  process.exitCode = loops.length === 0 ? 0 : 1;
}
