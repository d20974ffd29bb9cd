// `npm run build`: main and preload with esbuild, the renderer with Vite (React plugin).
// Plain Vite + esbuild rather than electron-vite: two small, well-known tools we call directly,
// no extra layer between us and their options, and the renderer build is plain Vite, which the
// test bridge serves unchanged in Chromium.
import { build as esbuild } from 'esbuild';
import type { BuildOptions, Plugin } from 'esbuild';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build as viteBuild } from 'vite';
import { buildIcons } from './icons.ts';

const root = path.resolve(import.meta.dirname, '..');

/** Native or Electron-provided modules stay outside the main bundle (loaded from node_modules). */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', 'sharp', '@img/*'];

/**
 * What the Node-side bundles (Electron main, the CLI) share. esbuild resolves our `./x.ts` imports
 * as written; nothing else to configure. ESM: package.json says "type": "module" and Electron >= 28
 * loads an ESM main. Bundled CJS dependencies still call require() for Node built-ins, so the
 * bundle gets a real require.
 */
function nodeBundle(entry: string, outfile: string, minify: boolean): BuildOptions {
  return {
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    banner: {
      js: "import { createRequire as __easelCreateRequire } from 'node:module'; const require = __easelCreateRequire(import.meta.url);",
    },
    external: MAIN_EXTERNALS,
    minify,
    logLevel: 'warning',
  };
}

/**
 * Worker threads, each bundled beside the bundle that starts it (they load `./<name>.js` next to
 * their own code): the import pool (core/import-export) and SQLite's page checks (core/storage).
 */
const WORKERS = ['src-main/core/import-export/import-worker.ts', 'src-main/core/storage/integrity-worker.ts'];

async function buildWorkers(outDir: string, minify: boolean): Promise<void> {
  for (const entry of WORKERS)
    await esbuild(nodeBundle(entry, path.join(outDir, `${path.basename(entry, '.ts')}.js`), minify));
}

export async function buildMain(outDir: string, options: { minify?: boolean } = {}): Promise<void> {
  await esbuild({
    ...nodeBundle('src-main/electron/main.ts', path.join(outDir, 'main/main.js'), options.minify ?? false),
    sourcemap: 'linked',
  });
  await buildWorkers(path.join(outDir, 'main'), options.minify ?? false);
}

/** A sandboxed preload may only require('electron'): fail the build if anything else remains. */
const onlyElectron: Plugin = {
  name: 'preload-only-electron',
  setup(build) {
    build.onResolve({ filter: /^node:|^(fs|path|os|child_process|crypto|net|http|https)$/ }, (args) => ({
      errors: [{ text: `the sandboxed preload cannot use ${args.path}` }],
    }));
  },
};

export async function buildPreload(outDir: string, options: { minify?: boolean } = {}): Promise<void> {
  await esbuild({
    entryPoints: [path.join(root, 'src-main/electron/preload.ts')],
    outfile: path.join(outDir, 'preload/preload.cjs'),
    bundle: true,
    platform: 'browser',
    target: 'chrome130',
    format: 'cjs',
    external: ['electron'],
    plugins: [onlyElectron],
    sourcemap: false,
    minify: options.minify ?? false,
    logLevel: 'warning',
  });
}

/** `minify: false` keeps function names readable in CPU profiles (the benches' BENCH_PROFILE). */
export async function buildRenderer(outDir: string, options: { minify?: boolean } = {}): Promise<void> {
  await viteBuild({
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: {
      outDir: path.join(outDir, 'renderer'),
      emptyOutDir: true,
      ...(options.minify === false ? { minify: false } : {}),
    },
  });
}

/**
 * The `easel` CLI as one ESM file for installed copies (Node will not strip types under
 * node_modules; bin/easel.js picks this bundle there and the TypeScript source in a checkout).
 */
export async function buildCli(outDir: string, options: { minify?: boolean } = {}): Promise<void> {
  await esbuild(nodeBundle('src-main/cli/main.ts', path.join(outDir, 'cli/easel.js'), options.minify ?? false));
  await buildWorkers(path.join(outDir, 'cli'), options.minify ?? false);
}

export async function buildAll(outDir: string, options: { minify?: boolean } = {}): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await Promise.all([
    buildMain(outDir, options),
    buildPreload(outDir, options),
    buildCli(outDir, options),
    buildRenderer(outDir),
    buildIcons(outDir),
  ]);
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: path.join(root, 'out') }, minify: { type: 'boolean', default: false } },
  });
  const outDir = path.resolve(values.out);
  const started = Date.now();
  await buildAll(outDir, { minify: values.minify });
  console.log(`built main, preload, CLI, renderer and icons into ${outDir} in ${Date.now() - started} ms`);
}
