// Issue 16 benchmark, section `startup`: from launch to an interactive studio over the synthetic
// 1M library (library-1m.ts `build`; BENCH_IMAGES=N scales it, BENCH_KEEP=1 reuses the kept folder),
// against an empty data folder in the same run.
//
// Measured per start: (1) the main-process part in plain Node: the studio opened over the data
// folder and the loopback bridge listening (test/bridge, what the e2e tests drive: no Electron
// here, so the window's own start is not in it); (2) server start → first input accepted: the page
// loaded from the bridge until the Prompt box has taken a typed character (Chromium is launched
// before the clock starts); (3) memory at rest, 2 s after that: this Node process's RSS and heap
// (the studio lives in it) and the renderer's JS heap after GC.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, BUILD_VERSION, type BuildInfo } from './library-1m.ts';
import { formatSummary, summarize } from './stats.ts';
import { launchBenchChromium, mb, startBenchStudio, usedHeapAfterGc } from './ui-browser.ts';

interface Start {
  mainMs: number;
  interactiveMs: number;
  rss: number;
  heap: number;
  rendererHeap: number;
}

async function oneStart(dataDir: string): Promise<Start> {
  const browser = await launchBenchChromium();
  try {
    const t0 = performance.now();
    const env = await startBenchStudio(dataDir);
    try {
      const mainMs = performance.now() - t0;
      const { page } = browser;
      await page.goto(env.bridge.url, { timeout: 120_000 });
      const prompt = page.getByRole('textbox', { name: 'Prompt', exact: true });
      await prompt.fill('a', { timeout: 120_000 });
      while ((await prompt.inputValue()) !== 'a') await page.waitForTimeout(5);
      const interactiveMs = performance.now() - t0;
      await page.waitForTimeout(2000);
      globalThis.gc?.();
      const memory = process.memoryUsage();
      const rendererHeap = await usedHeapAfterGc(browser.cdp);
      return { mainMs, interactiveMs, rss: memory.rss, heap: memory.heapUsed, rendererHeap };
    } finally {
      await env.close();
    }
  } finally {
    await browser.close();
  }
}

async function libraryFolder(count: number, keep: boolean): Promise<string> {
  const dataDir = keep
    ? join(tmpdir(), `easel-bench-library-${count}`)
    : await mkdtemp(join(tmpdir(), 'easel-bench-library-'));
  const infoFile = join(dataDir, 'bench-build.json');
  if (keep && existsSync(infoFile)) {
    const kept = JSON.parse(await readFile(infoFile, 'utf8')) as BuildInfo;
    if (kept.version === BUILD_VERSION && kept.count === count) return dataDir;
    await rm(dataDir, { recursive: true, force: true });
  }
  process.stderr.write(`startup: building ${count.toLocaleString('en')} synthetic images in ${dataDir} …\n`);
  const info = await build(dataDir, count, (line) => void process.stderr.write(`${line}\n`));
  if (keep) await writeFile(infoFile, JSON.stringify(info));
  return dataDir;
}

export async function benchStartup(starts: number): Promise<string[]> {
  const count = Number(process.env.BENCH_IMAGES ?? 1_000_000);
  const keep = process.env.BENCH_KEEP === '1';
  const library = await libraryFolder(count, keep);
  const emptyRoot = await mkdtemp(join(tmpdir(), 'easel-bench-startup-'));
  const lines = [
    `startup: load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${availableParallelism()} CPUs; ${starts} start(s) each, alternating; the first start of each is not counted`,
  ];
  try {
    const runs: Record<'empty' | 'library', Start[]> = { empty: [], library: [] };
    for (let i = 0; i <= starts; i++) {
      const empty = await oneStart(join(emptyRoot, `data-${i}`));
      const full = await oneStart(library);
      if (i === 0) continue;
      runs.empty.push(empty);
      runs.library.push(full);
    }
    const label = { empty: 'empty data folder', library: `${count.toLocaleString('en')} images` };
    for (const kind of ['library', 'empty'] as const) {
      const of = (pick: (s: Start) => number) => summarize(runs[kind].map(pick));
      lines.push(
        formatSummary(
          `startup: main process (studio + bridge), ${label[kind]}`,
          of((s) => s.mainMs),
        ),
      );
      lines.push(
        formatSummary(
          `startup: to first input accepted, ${label[kind]}`,
          of((s) => s.interactiveMs),
        ),
      );
      lines.push(
        `${`startup: memory at rest, ${label[kind]}`.padEnd(44)} main RSS ${mb(of((s) => s.rss).median)}, main heap ${mb(of((s) => s.heap).median)}, renderer JS heap ${mb(of((s) => s.rendererHeap).median)} (medians)`,
      );
    }
    lines.push('startup: goal: measured (issue 16 sets none; the Invoke launcher takes 5–10 minutes)');
  } finally {
    await rm(emptyRoot, { recursive: true, force: true });
    if (!keep) await rm(library, { recursive: true, force: true });
  }
  return lines;
}
