// Shared pieces of the UI benchmarks (`canvas`, `library-view`): the real studio behind the
// loopback bridge (test/bridge) over a given data folder, Debian's Chromium through playwright-core,
// frame timing from requestAnimationFrame timestamps inside the page, main-thread time and the JS
// heap through the Chrome DevTools Protocol.
//
// What the frame figures measure: Chromium runs headless with a software compositor; its begin-frame
// source ticks at 60 Hz like a display, so requestAnimationFrame fires at most every 16.7 ms and a
// frame that misses its tick shows up as a 33 ms (50 ms, …) interval. "Frame interval" is the time
// between consecutive rAF callbacks while input is being driven: p95 < 20 ms means (almost) no
// dropped frames at 60 Hz. Because the interval is floored at 16.7 ms, the busy time per frame
// (CDP Performance.getMetrics TaskDuration over the run ÷ frames) is printed beside it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/helpers/chromium.ts';
import { startStudioBridge, type StudioBridge } from '../e2e/helpers/studio-bridge.ts';
import type { Summary } from './stats.ts';

export const VIEWPORT = { width: 1280, height: 800 } as const;

/**
 * The real studio over `dataDir` (created when missing; used as is when it holds a library),
 * talking to an in-process Bedrock emulator, served by the loopback bridge (test/e2e's helper:
 * `studio.dataDir` overrides the harness's throwaway folder; cleanup leaves `dataDir` alone).
 */
export function startBenchStudio(dataDir: string): Promise<StudioBridge> {
  return startStudioBridge({ studio: { dataDir } });
}

export interface BenchBrowser {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  /** Page errors and console errors seen so far (printed by the sections when not empty). */
  problems: string[];
  close(): Promise<void>;
}

/** Headless Chromium with the e2e flags, one page of VIEWPORT, a CDP session with Performance on. */
export async function launchBenchChromium(extraArgs: readonly string[] = []): Promise<BenchBrowser> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'easel-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: VIEWPORT,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  return {
    context,
    page,
    cdp,
    problems,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

// ---- frame timing -------------------------------------------------------------------------------

/** What the in-page functions below use (the bench's tsconfig has no DOM lib). */
interface PageGlobals {
  requestAnimationFrame(callback: (time: number) => void): number;
  __benchFrames?: { intervals: number[]; running: boolean };
}

/** Starts recording rAF intervals in the page. */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const state = { intervals: [] as number[], running: true };
    g.__benchFrames = state;
    let last: number | undefined;
    const tick = (t: number): void => {
      if (last !== undefined) state.intervals.push(t - last);
      last = t;
      if (state.running) g.requestAnimationFrame(tick);
    };
    g.requestAnimationFrame(tick);
  });
}

/** Stops recording (after one more frame, so the last input's frame is in) and returns the intervals. */
export async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve) => {
        const g = globalThis as unknown as PageGlobals;
        g.requestAnimationFrame(() => {
          const state = g.__benchFrames;
          if (state) state.running = false;
          resolve(state?.intervals ?? []);
        });
      }),
  );
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export interface FrameRun {
  /** rAF intervals in ms. */
  intervals: number[];
  /** Main-thread task time (style, layout, paint, script) per frame, ms: TaskDuration delta ÷ frames. */
  busyPerFrameMs: number;
  /** Script time per frame, ms. */
  scriptPerFrameMs: number;
  /** Wall time of the run, ms. */
  wallMs: number;
}

/** Records frames while `drive` sends real input to the page (with BENCH_PROFILE set, a CPU profile too). */
export async function recordFrames(browser: BenchBrowser, drive: () => Promise<void>): Promise<FrameRun> {
  const profiling = process.env.BENCH_PROFILE !== undefined && process.env.BENCH_PROFILE !== '';
  if (profiling) {
    await browser.cdp.send('Profiler.enable');
    await browser.cdp.send('Profiler.start');
  }
  await startFrames(browser.page);
  const before = await metrics(browser.cdp);
  const t0 = performance.now();
  await drive();
  const intervals = await stopFrames(browser.page);
  const wallMs = performance.now() - t0;
  const after = await metrics(browser.cdp);
  if (profiling) {
    const { profile } = await browser.cdp.send('Profiler.stop');
    process.stderr.write(`${topSelfTime(profile).join('\n')}\n`);
  }
  const frames = Math.max(1, intervals.length);
  const delta = (name: string): number => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  return {
    intervals,
    busyPerFrameMs: delta('TaskDuration') / frames,
    scriptPerFrameMs: delta('ScriptDuration') / frames,
    wallMs,
  };
}

/** The renderer's used JS heap in bytes, after a full garbage collection. */
export async function usedHeapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.send('HeapProfiler.disable');
  return usedSize;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The renderer's functions by self time in a CDP CPU profile (BENCH_PROFILE): where a frame goes. */
function topSelfTime(profile: CpuProfile, count = 15): string[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  samples.forEach((id, i) => {
    const frame = byNode.get(id);
    const us = deltas[i] ?? 0;
    total += us;
    if (!frame) return;
    const file = frame.url.split('/').pop() ?? '';
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + us);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, us]) =>
        `profile: ${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / Math.max(1, total)).toFixed(1).padStart(5)}%  ${key}`,
    );
}

// ---- output -------------------------------------------------------------------------------------

export function goalLine(label: string, summary: Summary, limitMs: number): string {
  const verdict = (value: number): string => (value < limitMs ? 'met' : 'NOT met');
  return `${label.padEnd(44)} goal p95 < ${limitMs} ms: ${verdict(summary.p95)} (p95 ${summary.p95.toFixed(2)} ms; median ${verdict(summary.median)})`;
}

/** "k of n frames over 20 ms (x%)": how many frames missed their 60 Hz tick. */
export function droppedLine(label: string, intervals: readonly number[], limitMs = 20): string {
  const over = intervals.filter((ms) => ms > limitMs).length;
  const worst = intervals.length === 0 ? Number.NaN : Math.max(...intervals);
  return `${label.padEnd(44)} ${over} of ${intervals.length} frames over ${limitMs} ms (${((100 * over) / Math.max(1, intervals.length)).toFixed(1)}%), longest ${worst.toFixed(1)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
