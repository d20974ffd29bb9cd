// Issue 5 benchmark, section `canvas`: in headless Chromium through the loopback bridge against the
// real studio, a canvas holding 300 real library images (generated with sharp, imported through
// Studio.importFiles, placed with the canvas save call) is panned (middle-button drag and plain
// wheel) and zoomed (Ctrl+wheel, in then out) with real input events; rAF frame intervals, the
// main-thread time per frame and the renderer's JS heap after GC are printed. Baseline in the same
// run: the same input on the empty canvas. BENCH_CANVAS_IMAGES changes the count (default 300; section `canvas1000`: 1,000, issue 16's goal).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderRealisticPng } from './library-save.ts';
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

const IMAGE_SIZE = 512;
const SPACING = 576;
const FRAME_GOAL_MS = 20;
const HEAP_GOAL_BYTES = 300e6;

interface Measured {
  pan: FrameRun;
  wheelPan: FrameRun;
  zoom: FrameRun;
  heap: number;
}

async function canvasBox(browser: BenchBrowser): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await browser.page.getByRole('region', { name: 'Canvas' }).boundingBox();
  if (box === null) throw new Error('the canvas region is not on screen');
  return box;
}

/** Real input on the canvas: drag-pan, wheel-pan, Ctrl+wheel zoom in and out; then the heap. */
async function measure(browser: BenchBrowser, rounds: number, stage: (what: string) => void): Promise<Measured> {
  const { page } = browser;
  const box = await canvasBox(browser);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  // Warm-up, not recorded: one turn of drag-panning (first draws, JIT).
  await page.mouse.down({ button: 'middle' });
  for (let i = 1; i <= 60; i++)
    await page.mouse.move(
      cx + 100 * Math.sin((i / 60) * 2 * Math.PI),
      cy + 100 * (1 - Math.cos((i / 60) * 2 * Math.PI)),
    );
  await page.mouse.up({ button: 'middle' });
  await page.mouse.move(cx, cy);

  // Middle-button drag in a circle (radius 200 px, 60 moves a turn): the canvas's pan gesture.
  const pan = await recordFrames(browser, async () => {
    await page.mouse.down({ button: 'middle' });
    for (let i = 1; i <= rounds * 60; i++) {
      const a = (i / 60) * 2 * Math.PI;
      await page.mouse.move(cx + 200 * Math.sin(a), cy + 200 * (1 - Math.cos(a)));
    }
    await page.mouse.up({ button: 'middle' });
  });
  stage('  drag-pan recorded');
  await page.mouse.move(cx, cy);

  // Plain wheel (trackpad two-finger scroll): pans.
  const wheelPan = await recordFrames(browser, async () => {
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < 30; i++) await page.mouse.wheel(12, 20);
      for (let i = 0; i < 30; i++) await page.mouse.wheel(-12, -20);
    }
  });
  stage('  wheel-pan recorded');

  // Ctrl+wheel zooms to the cursor by e^(−deltaY/100) an event: 30 steps of ×1.16 in, then out.
  const zoom = await recordFrames(browser, async () => {
    await page.keyboard.down('Control');
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < 30; i++) await page.mouse.wheel(0, -15);
      for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 15);
    }
    await page.keyboard.up('Control');
  });
  stage('  zoom recorded');
  return { pan, wheelPan, zoom, heap: await usedHeapAfterGc(browser.cdp) };
}

/** Progress on stderr with the seconds since the previous stage (a long bench shows where it is). */
function stageLog(log: (line: string) => void): (what: string) => void {
  let last = performance.now();
  return (what) => {
    const now = performance.now();
    log(`canvas: ${what} (${((now - last) / 1000).toFixed(1)} s)`);
    last = now;
  };
}

export async function benchCanvas(rounds: number, images = 300): Promise<string[]> {
  const count = Number(process.env.BENCH_CANVAS_IMAGES ?? images);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`BENCH_CANVAS_IMAGES must be a positive integer, got ${process.env.BENCH_CANVAS_IMAGES}`);
  const dir = await mkdtemp(join(tmpdir(), 'easel-bench-canvas-'));
  const lines: string[] = [];
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const env = await startBenchStudio(join(dir, 'data'));
  let browser: BenchBrowser | undefined;
  try {
    // 300 distinct real PNGs through the studio's import (thumbnails made on import, as for a user's drop).
    const t0 = performance.now();
    const files: string[] = [];
    for (let i = 0; i < count; i++) files.push(join(dir, `src-${String(i).padStart(4, '0')}.png`));
    for (let i = 0; i < count; i += 8) {
      await Promise.all(
        files
          .slice(i, i + 8)
          .map(async (file, j) => writeFile(file, await renderRealisticPng(7000 + i + j, IMAGE_SIZE))),
      );
    }
    const imported = await env.harness.studio.importFiles(files);
    const ids = imported.flatMap((r) => (r.imageId === undefined ? [] : [r.imageId]));
    if (ids.length !== count)
      throw new Error(
        `imported ${ids.length} of ${count} images: ${JSON.stringify(imported.find((r) => r.status === 'failed')?.error)}`,
      );
    log(
      `canvas: ${count} images ${IMAGE_SIZE}×${IMAGE_SIZE} made and imported in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    lines.push(
      `canvas: ${count} imported ${IMAGE_SIZE}×${IMAGE_SIZE} PNGs on one canvas, ${Math.ceil(Math.sqrt(count * 1.6))} per row; viewport 1280×800; ${rounds} round(s) of input per figure`,
    );
    lines.push(
      `canvas: load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPUs; Chromium headless, software compositing, 60 Hz begin frames`,
    );
    lines.push(
      'canvas: "frame" = interval between requestAnimationFrame callbacks while input is sent (≥ 16.7 ms at 60 Hz;',
    );
    lines.push(
      'canvas:   33 ms = one dropped frame); "busy/frame" = main-thread task time ÷ frames (CDP TaskDuration)',
    );

    browser = await launchBenchChromium();
    const { page } = browser;
    await page.goto(env.bridge.url);
    const region = page.getByRole('region', { name: 'Canvas' });
    await region.waitFor();
    await page.waitForLoadState('networkidle'); // boot done: the first canvas exists

    // Baseline: the empty canvas the app made on first start.
    const stage = stageLog(log);
    const empty = await measure(browser, rounds, stage);
    stage('empty canvas measured');

    // The same canvas with the images, in a grid; reload so the app opens it (fit to view).
    const [canvas] = env.harness.studio.listCanvases();
    if (!canvas) throw new Error('the app made no canvas');
    const perRow = Math.ceil(Math.sqrt(count * 1.6));
    env.harness.studio.saveCanvas(
      canvas.id,
      ids.map((imageId, i) => ({
        imageId,
        x: (i % perRow) * SPACING,
        y: Math.floor(i / perRow) * SPACING,
        scale: 1,
        rotation: 0,
        z: i,
      })),
    );
    await page.reload();
    await page.locator(`[aria-label="Canvas"][data-items="${count}"]`).waitFor();
    stage(`canvas of ${count} opened`);
    // Every image on screen loaded and scaled (the first frames would otherwise measure loading).
    await page.waitForLoadState('networkidle');
    await page.locator('[aria-label="Canvas"][data-loading="0"]').waitFor({ timeout: 120_000 });
    stage('images loaded');
    // BENCH_SCREENSHOTS=<folder>: what the measured canvas looks like (fit to view, and zoomed in).
    const shots = process.env.BENCH_SCREENSHOTS;
    if (shots) await page.screenshot({ path: join(shots, `canvas-${count}-fit.png`) });
    const visible = Number(await region.getAttribute('data-visible'));
    const full = await measure(browser, rounds, stage);
    stage(`${count} images measured`);
    if (shots) await page.screenshot({ path: join(shots, `canvas-${count}-after-input.png`) });

    const figures = (label: string, subject: FrameRun, baseline: FrameRun): Summary => {
      const s = summarize(subject.intervals);
      const b = summarize(baseline.intervals);
      lines.push(formatSummary(`canvas: ${label}, empty canvas`, b));
      lines.push(formatSummary(`canvas: ${label}, ${count} images`, s));
      lines.push(
        `${`canvas: ${label} busy/frame (script)`.padEnd(44)} ${count} images ${subject.busyPerFrameMs.toFixed(2)} ms (${subject.scriptPerFrameMs.toFixed(2)})   empty ${baseline.busyPerFrameMs.toFixed(2)} ms (${baseline.scriptPerFrameMs.toFixed(2)})`,
      );
      lines.push(formatRatio(`canvas: ${label}, ${count} images vs empty`, s, b));
      lines.push(droppedLine(`canvas: ${label}, ${count} images`, subject.intervals));
      lines.push(goalLine(`canvas: ${label}, ${count} images`, s, FRAME_GOAL_MS));
      return s;
    };
    lines.push(`canvas: ${visible} of ${count} items on screen at fit-to-view`);
    figures('pan (middle-drag)', full.pan, empty.pan);
    figures('pan (wheel)', full.wheelPan, empty.wheelPan);
    figures('zoom (Ctrl+wheel)', full.zoom, empty.zoom);
    lines.push(
      `${'canvas: JS heap after GC'.padEnd(44)} ${count} images ${mb(full.heap)}   empty ${mb(empty.heap)}   ratio ${(full.heap / empty.heap).toFixed(2)}×`,
    );
    lines.push(
      `${`canvas: JS heap, ${count} images`.padEnd(44)} goal < ${mb(HEAP_GOAL_BYTES)}: ${full.heap < HEAP_GOAL_BYTES ? 'met' : 'NOT met'}`,
    );
    if (browser.problems.length > 0) lines.push(`canvas: page problems: ${browser.problems.slice(0, 5).join(' | ')}`);
  } finally {
    await browser?.close();
    await env.close();
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}
