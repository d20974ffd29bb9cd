// Builds the renderer once per test process into a temp folder (never clobbers out/).
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildRenderer } from '../../../scripts/build.ts';

let built: Promise<string> | undefined;

/** The folder holding index.html and assets/ of a fresh renderer build. */
export function rendererBuild(): Promise<string> {
  built ??= (async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'easel-renderer-'));
    // Unminified when a bench records a CPU profile (BENCH_PROFILE): the profile names functions.
    await buildRenderer(outDir, { minify: !process.env.BENCH_PROFILE });
    return path.join(outDir, 'renderer');
  })();
  return built;
}
