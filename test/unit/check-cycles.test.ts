// The import-loop check (scripts/check-cycles.ts) on small trees written to a temp folder: what it
// counts as a unit, which loops it reports, and the exit code of the script itself.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildImportGraph, crossUnitLoops, formatLoops, importLoops, unitOf } from '../../scripts/check-cycles.ts';

const script = path.resolve(import.meta.dirname, '../../scripts/check-cycles.ts');
let root: string;

async function tree(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'easel-cycles-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('unitOf', () => {
  it('names features, core modules, layer folders and files directly in a layer', () => {
    expect(unitOf('src-renderer/features/canvas/CanvasView.tsx')).toBe('src-renderer/features/canvas');
    expect(unitOf('src-renderer/features/edit/deep/x.ts')).toBe('src-renderer/features/edit');
    expect(unitOf('src-renderer/app/App.tsx')).toBe('src-renderer/app');
    expect(unitOf('src-renderer/store/index.ts')).toBe('src-renderer/store');
    expect(unitOf('src-renderer/api.ts')).toBe('src-renderer/api.ts');
    expect(unitOf('src-main/core/jobs/queue.ts')).toBe('src-main/core/jobs');
    expect(unitOf('src-main/core/studio.ts')).toBe('src-main/core/studio.ts');
    expect(unitOf('src-main/core/studio/handlers.ts')).toBe('src-main/core/studio');
    expect(unitOf('src-main/electron/main.ts')).toBe('src-main/electron');
    expect(unitOf('src-main/cli/commands/x.ts')).toBe('src-main/cli');
    expect(unitOf('src-shared/contract.ts')).toBe('src-shared/contract.ts');
    expect(unitOf('src-shared/contract/images.ts')).toBe('src-shared/contract');
    expect(unitOf('src-shared/models/index.ts')).toBe('src-shared/models');
  });
});

describe('the import graph', () => {
  it('sees value, type-only, re-export and dynamic imports, resolves index files and ignores packages', async () => {
    await tree({
      'src-shared/a.ts': [
        "import { b } from './b.ts';",
        "import type { C } from './c';",
        "export { d } from './d/index.ts';",
        "const e = () => import('./e.ts');",
        "import { z } from 'zod';",
        "import './style.css';",
      ].join('\n'),
      'src-shared/b.ts': 'export const b = 1;',
      'src-shared/c.ts': 'export type C = 1;',
      'src-shared/d/index.ts': 'export const d = 1;',
      'src-shared/e.ts': 'export const e = 1;',
      'src-shared/types.d.ts': "import './a.ts';",
    });
    const graph = buildImportGraph(root, ['src-shared']);
    expect(graph.get('src-shared/a.ts')).toEqual([
      'src-shared/b.ts',
      'src-shared/c.ts',
      'src-shared/d/index.ts',
      'src-shared/e.ts',
    ]);
    expect(graph.has('src-shared/types.d.ts')).toBe(false);
  });
});

describe('import loops', () => {
  it('finds each strongly connected group once, however many cycles run through it', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', ['a']],
      ['d', ['e']],
      ['e', ['f']],
      ['f', []],
      ['g', ['h']],
      ['h', ['g']],
    ]);
    expect(importLoops(graph)).toEqual([
      ['a', 'b', 'c'],
      ['g', 'h'],
    ]);
  });

  it('survives a chain deeper than the call stack', () => {
    const depth = 50_000;
    const graph = new Map(Array.from({ length: depth }, (_, i) => [`f${i}`, [`f${(i + 1) % depth}`]] as const));
    expect(importLoops(graph).map((loop) => loop.length)).toEqual([depth]);
  });

  it('reports a loop only when its files belong to different units, with a cycle through each crossing', async () => {
    await tree({
      // Inside one feature: allowed.
      'src-renderer/features/a/x.ts': "import { y } from './y.ts'; export const x = 1;",
      'src-renderer/features/a/y.ts': "import { x } from './x.ts'; export const y = 1;",
      // canvas -> edit -> store -> canvas (type-only on the way back): reported.
      'src-renderer/features/canvas/View.tsx': "import { Mask } from '../edit/Mask.tsx'; export const View = 1;",
      'src-renderer/features/edit/Mask.tsx': "import { appStore } from '../../store/index.ts'; export const Mask = 1;",
      'src-renderer/store/index.ts':
        "import type { View } from '../features/canvas/View.tsx'; export const appStore = 1;",
    });
    const loops = crossUnitLoops(buildImportGraph(root, ['src-renderer']));
    expect(loops).toHaveLength(1);
    expect(loops[0]?.units).toEqual([
      'src-renderer/features/canvas',
      'src-renderer/features/edit',
      'src-renderer/store',
    ]);
    expect(loops[0]?.crossings).toContainEqual({
      from: 'src-renderer/store/index.ts',
      to: 'src-renderer/features/canvas/View.tsx',
      cycle: [
        'src-renderer/store/index.ts',
        'src-renderer/features/canvas/View.tsx',
        'src-renderer/features/edit/Mask.tsx',
        'src-renderer/store/index.ts',
      ],
    });
    expect(loops[0]?.crossings).toHaveLength(3);
    expect(formatLoops(loops)).toContain('1 import loop(s) cross feature or layer boundaries');
  });
});

describe('node scripts/check-cycles.ts', () => {
  const run = promisify(execFile);

  it('exits 1 and names the loop when one crosses units, 0 when none does', async () => {
    await tree({
      'src-shared/contract.ts': "import { IPC } from './ipc.ts'; export const C = IPC;",
      'src-shared/ipc.ts': "import type { C } from './contract.ts'; export const IPC = 1;",
      'src-main/core/x.ts': 'export const x = 1;',
      'src-renderer/api.ts': 'export const api = 1;',
    });
    const failed = await run(process.execPath, [script, '--root', root]).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stdout: string }).stdout).toContain('src-shared/contract.ts -> src-shared/ipc.ts');

    await writeFile(path.join(root, 'src-shared/ipc.ts'), 'export const IPC = 1;');
    const passed = await run(process.execPath, [script, '--root', root]);
    expect(passed.stdout).toContain('No import loop crosses a feature or layer boundary.');
  });
});
