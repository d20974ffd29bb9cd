// Issue 6 benchmark, section `library-view`: the Library view in headless Chromium through the
// loopback bridge against the real studio, over the synthetic library of the `library1m` bench
// (library-1m.ts `build`: 1,000,000 rows pointing at a few shared small files; BENCH_IMAGES=N scales
// it down, BENCH_KEEP=1 keeps and reuses the same folder as library1m). Baseline in the same run:
// a 1,000-image library built the same way.
//
// Measured: (3, issue 16) a board of 10,000 images at the largest tile size (BENCH_BOARD_IMAGES):
// loaded page by page by scrolling to the end, then wheel-scrolled (frames), the <img> left in the
// DOM and the renderer's heap. (1) from the click on the "Library" tab to the first screen of thumbnails painted —
// every tile <img> inside the grid's visible box `complete && naturalWidth > 0`, checked in each
// rAF callback, times taken with performance.now() in the page (the click's event.timeStamp to
// that frame); several openings, leaving for the Workspace in between; the first (cold) one
// apart. (2) rAF frame intervals while the grid is scrolled quickly with wheel events.
//
// The synthetic rows have made-up sha256s, so their thumbnails do not exist: for the newest
// THUMBED rows (all any opening or scroll here reaches) the shared files' thumbnails are
// hard-linked in under each row's thumbnail name, so every tile shows a real WebP thumbnail.
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openStorage, thumbRelPath } from '../../src-main/core/storage/index.ts';
import { sha256Hex } from '../../src-main/core/storage/image-store.ts';
import { build, BUILD_VERSION, type BuildInfo } from './library-1m.ts';
import { formatRatio, formatSummary, summarize } from './stats.ts';
import type { Summary } from './stats.ts';
import {
  droppedLine,
  goalLine,
  launchBenchChromium,
  mb,
  recordFrames,
  startBenchStudio,
  usedHeapAfterGc,
} from './ui-browser.ts';
import type { BenchBrowser, FrameRun } from './ui-browser.ts';

const BASELINE_IMAGES = 1000;
const THUMBED = 20_000;
const FIRST_PAINT_GOAL_MS = 300;
const FRAME_GOAL_MS = 20;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The library folder of `count` synthetic images (kept and reused with BENCH_KEEP=1), thumbnails linked. */
async function libraryFolder(count: number, keep: boolean): Promise<{ dataDir: string; note: string }> {
  const dataDir = keep
    ? join(tmpdir(), `easel-bench-library-${count}`)
    : await mkdtemp(join(tmpdir(), 'easel-bench-library-'));
  const infoFile = join(dataDir, 'bench-build.json');
  let info: BuildInfo | null = null;
  if (keep && existsSync(infoFile)) {
    const kept = JSON.parse(await readFile(infoFile, 'utf8')) as BuildInfo;
    if (kept.version === BUILD_VERSION && kept.count === count) info = kept;
    else await rm(dataDir, { recursive: true, force: true });
  }
  let note: string;
  if (info) note = `reused (BENCH_KEEP=1, built in ${info.seconds.toFixed(1)} s)`;
  else {
    log(`library-view: building ${count.toLocaleString('en')} synthetic images in ${dataDir} …`);
    info = await build(dataDir, count, log);
    if (keep) await writeFile(infoFile, JSON.stringify(info));
    note = `built in ${info.seconds.toFixed(1)} s`;
  }
  const linkedFile = join(dataDir, 'bench-thumbs.json');
  if (!existsSync(linkedFile)) {
    const t0 = performance.now();
    const linked = await linkThumbnails(dataDir, count);
    await writeFile(linkedFile, JSON.stringify({ linked }));
    note += `, ${linked.toLocaleString('en')} thumbnails linked in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  }
  return { dataDir, note: `${note}, ${dataDir}` };
}

async function linkThumbnails(dataDir: string, count: number): Promise<number> {
  const lib = openStorage({ dataDir });
  try {
    const rows = lib.db
      .prepare<[number], { sha256: string; path: string }>('SELECT sha256, path FROM images ORDER BY id DESC LIMIT ?')
      .all(Math.min(count, THUMBED));
    const shared = new Map<string, string>();
    let linked = 0;
    const madeDirs = new Set<string>();
    for (const row of rows) {
      let source = shared.get(row.path);
      if (source === undefined) {
        source = await lib.store.thumbnail(sha256Hex(await readFile(lib.store.absolute(row.path))));
        shared.set(row.path, source);
      }
      const target = lib.store.absolute(thumbRelPath(row.sha256));
      const folder = dirname(target);
      if (!madeDirs.has(folder)) {
        await mkdir(folder, { recursive: true });
        madeDirs.add(folder);
      }
      await link(source, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      linked += 1;
    }
    return linked;
  } finally {
    lib.close();
  }
}

/** What the in-page functions use (no DOM lib in the bench's tsconfig). */
interface Elem {
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number };
  closest(selector: string): Elem | null;
  textContent: string | null;
  querySelectorAll(selector: string): Iterable<Elem> & { length: number };
  complete?: boolean;
  naturalWidth?: number;
}
interface PageGlobals {
  document: Elem & {
    addEventListener(
      type: string,
      listener: (event: { target: unknown; timeStamp: number }) => void,
      options: object,
    ): void;
    querySelector(selector: string): Elem | null;
  };
  performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  __benchOpen?: { clickedAt: number | null; paintedAt: number | null; tiles: number };
}

/** Installs the click listener and the per-frame check for the first screen of thumbnails. */
async function armFirstPaint(browser: BenchBrowser): Promise<void> {
  await browser.page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const state: { clickedAt: number | null; paintedAt: number | null; tiles: number } = {
      clickedAt: null,
      paintedAt: null,
      tiles: 0,
    };
    g.__benchOpen = state;
    g.document.addEventListener(
      'click',
      (event) => {
        const tab = (event.target as Elem).closest('[role="tab"]');
        if (tab?.textContent?.includes('Library')) state.clickedAt = event.timeStamp;
      },
      { capture: true, once: true },
    );
    const check = (): void => {
      const scroller =
        g.document.querySelector('[role="listbox"][aria-label="Images"]')?.closest('.lib-scroll') ?? null;
      if (state.clickedAt !== null && scroller !== null) {
        const box = scroller.getBoundingClientRect();
        const visible = [...scroller.querySelectorAll('img')].filter((img) => {
          const r = img.getBoundingClientRect();
          return r.bottom > box.top && r.top < box.bottom && r.right > box.left && r.left < box.right;
        });
        if (visible.length > 0 && visible.every((img) => img.complete === true && (img.naturalWidth ?? 0) > 0)) {
          state.paintedAt = g.performance.now();
          state.tiles = visible.length;
          return;
        }
      }
      g.requestAnimationFrame(check);
    };
    g.requestAnimationFrame(check);
  });
}

async function waitFirstPaint(browser: BenchBrowser): Promise<{ ms: number; tiles: number }> {
  const handle = await browser.page.waitForFunction(
    () => {
      const s = (globalThis as unknown as PageGlobals).__benchOpen;
      return s && s.paintedAt !== null && s.clickedAt !== null
        ? { ms: s.paintedAt - s.clickedAt, tiles: s.tiles }
        : null;
    },
    undefined,
    { timeout: 60_000, polling: 50 },
  );
  return (await handle.jsonValue()) as { ms: number; tiles: number };
}

interface Measured {
  cold: number;
  openings: number[];
  tiles: number;
  scroll: FrameRun;
  board: Board | null;
}

/** The board: 10,000 images loaded in the grid at the largest tile size. */
interface Board {
  tileSize: number;
  loaded: number;
  loadMs: number;
  scroll: FrameRun;
  imgInDom: number;
  heap: number;
}

const BOARD_IMAGES = Number(process.env.BENCH_BOARD_IMAGES ?? 10_000);

/**
 * Sets the largest tile size and scrolls to the end of the grid until BOARD_IMAGES images are
 * loaded (page after page, as a user scrolling down would load them), then wheel-scrolls there
 * (frames) and reads the <img> elements left in the DOM and the renderer's JS heap after GC.
 */
async function board(browser: BenchBrowser): Promise<Board> {
  const { page } = browser;
  const slider = page.getByRole('slider', { name: 'Tile size' });
  const max = Number((await slider.getAttribute('max')) ?? '0');
  await slider.fill(String(max));
  await page.waitForTimeout(300);
  const t0 = performance.now();
  const loaded = await page.evaluate(
    async ({ target, tile }: { target: number; tile: number }) => {
      type Scroller = Elem & { scrollTop: number; scrollHeight: number };
      const g = globalThis as unknown as PageGlobals;
      const scroller = g.document
        .querySelector('[role="listbox"][aria-label="Images"]')
        ?.closest('.lib-scroll') as Scroller | null;
      if (!scroller) throw new Error('no grid');
      const frame = (): Promise<number> => new Promise((resolve) => g.requestAnimationFrame(resolve));
      const columns = (): number =>
        new Set([...scroller.querySelectorAll('img')].map((img) => Math.round(img.getBoundingClientRect().left))).size;
      const count = (): number => Math.round(scroller.scrollHeight / (tile + 8)) * Math.max(1, columns());
      let stalled = 0;
      while (count() < target && stalled < 600) {
        const before = scroller.scrollHeight;
        scroller.scrollTop = scroller.scrollHeight;
        await frame();
        stalled = scroller.scrollHeight === before ? stalled + 1 : 0;
      }
      return count();
    },
    { target: BOARD_IMAGES, tile: max },
  );
  const loadMs = performance.now() - t0;
  await page.waitForTimeout(500);
  const grid = page.getByRole('listbox', { name: 'Images' });
  const box = await grid.boundingBox();
  if (box === null) throw new Error('the grid is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + 200);
  const scroll = await recordFrames(browser, async () => {
    for (let i = 0; i < 60; i++) await page.mouse.wheel(0, -400);
    for (let i = 0; i < 60; i++) await page.mouse.wheel(0, 400);
  });
  const imgInDom = await page.locator('[role="listbox"][aria-label="Images"] img').count();
  return { tileSize: max, loaded, loadMs, scroll, imgInDom, heap: await usedHeapAfterGc(browser.cdp) };
}

async function measure(dataDir: string, openings: number, withBoard = false): Promise<Measured> {
  const env = await startBenchStudio(dataDir);
  let browser: BenchBrowser | undefined;
  try {
    browser = await launchBenchChromium();
    const { page } = browser;
    await page.goto(env.bridge.url);
    const libraryTab = page.getByRole('tab', { name: 'Library', exact: true });
    const workspaceTab = page.getByRole('tab', { name: 'Workspace', exact: true });
    await page.getByRole('region', { name: 'Canvas' }).waitFor();
    await page.waitForLoadState('networkidle', { timeout: 120_000 }); // long: the machine may be shared and busy

    const open = async (): Promise<{ ms: number; tiles: number }> => {
      await armFirstPaint(browser as BenchBrowser);
      await libraryTab.click();
      return waitFirstPaint(browser as BenchBrowser);
    };
    const first = await open();
    const times: number[] = [];
    for (let i = 0; i < openings; i++) {
      await workspaceTab.click();
      await page.getByRole('region', { name: 'Canvas' }).waitFor();
      await page.waitForTimeout(100);
      times.push((await open()).ms);
    }

    // Quick wheel scrolling over the grid: 60 notches of 400 px down, then 60 back up.
    const grid = page.getByRole('listbox', { name: 'Images' });
    const box = await grid.boundingBox();
    if (box === null) throw new Error('the grid is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height, 600) / 2);
    const scroll = await recordFrames(browser, async () => {
      for (let i = 0; i < 60; i++) await page.mouse.wheel(0, 400);
      for (let i = 0; i < 60; i++) await page.mouse.wheel(0, -400);
    });
    const boardRun = withBoard ? await board(browser) : null;
    if (browser.problems.length > 0) log(`library-view: page problems: ${browser.problems.slice(0, 5).join(' | ')}`);
    return { cold: first.ms, openings: times, tiles: first.tiles, scroll, board: boardRun };
  } finally {
    await browser?.close();
    await env.close();
  }
}

export async function benchLibraryView(openings: number): Promise<string[]> {
  const count = Number(process.env.BENCH_IMAGES ?? 1_000_000);
  if (!Number.isSafeInteger(count) || count < BASELINE_IMAGES)
    throw new Error(`BENCH_IMAGES must be an integer ≥ ${BASELINE_IMAGES}, got ${process.env.BENCH_IMAGES}`);
  const keep = process.env.BENCH_KEEP === '1';
  const lines: string[] = [];
  const folders: string[] = [];
  try {
    const baseline = await libraryFolder(BASELINE_IMAGES, keep);
    folders.push(baseline.dataDir);
    const subject = await libraryFolder(count, keep);
    folders.push(subject.dataDir);
    lines.push(`library-view: ${count.toLocaleString('en')} images: ${subject.note}`);
    lines.push(`library-view: ${BASELINE_IMAGES.toLocaleString('en')} images (baseline): ${baseline.note}`);
    lines.push(
      `library-view: load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPUs; Chromium headless 1280×800, 60 Hz begin frames`,
    );
    lines.push(
      'library-view: "first paint" = click on the Library tab → the rAF in which every tile <img> on screen is',
    );
    lines.push(
      'library-view:   complete with naturalWidth > 0 (cold = first opening of the page; then reopenings from the Workspace)',
    );
    lines.push(
      'library-view: "scroll frame" = rAF interval during 120 wheel notches of 400 px (≥ 16.7 ms; 33 ms = one dropped frame)',
    );

    const base = await measure(baseline.dataDir, openings);
    const full = await measure(subject.dataDir, openings, true);
    const label = (n: number): string => `${n.toLocaleString('en')} images`;
    lines.push(
      `${'library-view: first paint, cold (first opening)'.padEnd(44)} ${label(count)} ${full.cold.toFixed(1)} ms   ${label(BASELINE_IMAGES)} ${base.cold.toFixed(1)} ms   (${full.tiles} tiles on screen)`,
    );
    const openBase = summarize(base.openings);
    const openFull = summarize(full.openings);
    lines.push(formatSummary(`library-view: first paint, ${label(BASELINE_IMAGES)}`, openBase));
    lines.push(formatSummary(`library-view: first paint, ${label(count)}`, openFull));
    lines.push(formatRatio(`library-view: first paint, ${label(count)} vs ${BASELINE_IMAGES}`, openFull, openBase));
    const paintVerdict = (s: Summary): string => (s.p95 < FIRST_PAINT_GOAL_MS ? 'met' : 'NOT met');
    lines.push(
      `${`library-view: first paint, ${label(count)}`.padEnd(44)} goal < ${FIRST_PAINT_GOAL_MS} ms: ${paintVerdict(openFull)} by the p95 (${openFull.p95.toFixed(1)} ms), ${full.cold < FIRST_PAINT_GOAL_MS ? 'met' : 'NOT met'} cold (${full.cold.toFixed(1)} ms)`,
    );
    const scrollBase = summarize(base.scroll.intervals);
    const scrollFull = summarize(full.scroll.intervals);
    lines.push(formatSummary(`library-view: scroll frame, ${label(BASELINE_IMAGES)}`, scrollBase));
    lines.push(formatSummary(`library-view: scroll frame, ${label(count)}`, scrollFull));
    lines.push(
      `${'library-view: scroll busy/frame (script)'.padEnd(44)} ${label(count)} ${full.scroll.busyPerFrameMs.toFixed(2)} ms (${full.scroll.scriptPerFrameMs.toFixed(2)})   ${label(BASELINE_IMAGES)} ${base.scroll.busyPerFrameMs.toFixed(2)} ms (${base.scroll.scriptPerFrameMs.toFixed(2)})`,
    );
    lines.push(
      formatRatio(`library-view: scroll frame, ${label(count)} vs ${BASELINE_IMAGES}`, scrollFull, scrollBase),
    );
    lines.push(droppedLine(`library-view: scroll, ${label(BASELINE_IMAGES)}`, base.scroll.intervals));
    lines.push(droppedLine(`library-view: scroll, ${label(count)}`, full.scroll.intervals));
    lines.push(goalLine(`library-view: scroll frame, ${label(count)}`, scrollFull, FRAME_GOAL_MS));
    if (full.board) {
      const b = full.board;
      const frames = summarize(b.scroll.intervals);
      lines.push(
        `${`library-view: board of ${b.loaded.toLocaleString('en')} images, ${b.tileSize} px tiles`.padEnd(44)} loaded page by page in ${(b.loadMs / 1000).toFixed(1)} s; ${b.imgInDom} <img> in the DOM (virtualised); renderer JS heap after GC ${mb(b.heap)}`,
      );
      lines.push(formatSummary(`library-view: board scroll frame, ${b.tileSize} px`, frames));
      lines.push(droppedLine(`library-view: board scroll, ${b.tileSize} px`, b.scroll.intervals));
      lines.push(goalLine(`library-view: board scroll frame, ${b.tileSize} px`, frames, FRAME_GOAL_MS));
    }
  } finally {
    if (!keep) for (const folder of folders) await rm(folder, { recursive: true, force: true });
  }
  return lines;
}
