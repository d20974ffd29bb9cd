// `npm run bench -- import`: importing a folder of AUTOMATIC1111-style PNGs, in place (indexed where
// they are: read, hash, metadata, one transaction per batch; no thumbnails — they are made on first
// display) and copied (into library/ with its thumbnail, fsynced), against a bare read of the same
// files (readFile, 8 at a time) in the same run, with the longest main-loop stall of each
// (perf_hooks monitorEventLoopDelay: what a window would feel). Issue 15's "20,000 files indexed in
// place in ≤ 10 s to searchable" and issue 13's 10,000-file import line. Files: one realistic PNG
// (smooth colour fields + grain, BENCH_IMPORT_SIZE px, default 256) with a different `parameters`
// text per file, in folders of 500. Shared machine: the load average is printed with the figures.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { importFiles, ImportWorkerPool } from '../../src-main/core/import-export/index.ts';
import { openStorage } from '../../src-main/core/storage/index.ts';
import { writeImageFolder } from '../support/image-folder.ts';
import { renderRealisticPng } from './library-save.ts';

interface Run {
  ms: number;
  files: number;
  stallMs: number;
  p99StallMs: number;
}

async function timed(files: number, work: () => Promise<number>): Promise<Run> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  const done = await work();
  const ms = performance.now() - start;
  delay.disable();
  if (done !== files) throw new Error(`expected ${files} files, got ${done}`);
  return { ms, files, stallMs: delay.max / 1e6, p99StallMs: delay.percentile(99) / 1e6 };
}

async function bareRead(files: readonly string[]): Promise<number> {
  let next = 0;
  let read = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++] ?? '';
      const bytes = await readFile(file);
      if (bytes.byteLength > 0) read++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return read;
}

function line(label: string, run: Run, bare: Run | null): string {
  const rate = Math.round((run.files / run.ms) * 1000).toLocaleString('en');
  const ratio = bare ? `, ${(run.ms / bare.ms).toFixed(1)}× the bare read` : '';
  return `${label.padEnd(34)} ${(run.ms / 1000).toFixed(2)} s for ${run.files.toLocaleString('en')} files (${rate} files/s${ratio}); longest main-loop stall ${run.stallMs.toFixed(0)} ms (p99 ${run.p99StallMs.toFixed(0)} ms)`;
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export async function benchImport(inPlaceFiles: number, copiedFiles: number): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'easel-bench-import-'));
  try {
    const size = Number(process.env.BENCH_IMPORT_SIZE ?? 256);
    const base = await renderRealisticPng(7, size);
    const folder = join(dir, 'outputs');
    const files = await writeImageFolder(folder, Math.max(inPlaceFiles, copiedFiles), { perFolder: 500, base });
    const out = [
      `${availableParallelism()} CPUs, load average ${load()} at the start; files ${size}² PNG, ${Math.round(base.byteLength / 1024)} KB each + metadata`,
    ];
    const bare = await timed(inPlaceFiles, () => bareRead(files.slice(0, inPlaceFiles)));
    out.push(line('bare read (readFile, 8 at a time)', bare, null));

    const pool = new ImportWorkerPool();
    const inPlace = openStorage({ dataDir: join(dir, 'in-place') });
    const indexed = await timed(inPlaceFiles, async () => {
      const results = await importFiles({ ...inPlace, pool }, [folder], { mode: 'in-place', recurse: true });
      const failed = results.find((r) => r.status === 'failed');
      if (failed) console.error(failed);
      return results.filter((r) => r.status === 'imported').length;
    });
    out.push(line('in place → searchable', indexed, bare));
    const probe = inPlace.images.list({ text: `number ${inPlaceFiles - 1}` }).images.length;
    out.push(`  search right after: "number ${inPlaceFiles - 1}" finds ${probe} image(s)`);
    // Thumbnails after (what the grid's first display asks for), for the first 2,000.
    const thumbs = inPlace.inPlace.filesUnder(folder).slice(0, 2000);
    const thumbRun = await timed(thumbs.length, async () => {
      const made = await Promise.all(
        thumbs.map((f) =>
          pool.run<string>(
            { kind: 'thumbnail', sha256: f.sha256, source: f.path, dataDir: inPlace.paths.root },
            f.path,
          ),
        ),
      );
      return made.length;
    });
    out.push(line('  then thumbnails (worker pool)', thumbRun, null));
    inPlace.close();

    const copy = openStorage({ dataDir: join(dir, 'copy') });
    const copied = await timed(copiedFiles, async () => {
      const results = await importFiles({ ...copy, pool }, files.slice(0, copiedFiles), { mode: 'copy' });
      return results.filter((r) => r.status === 'imported').length;
    });
    const bareCopied = await timed(copiedFiles, () => bareRead(files.slice(0, copiedFiles)));
    out.push(line('copy into library (+ thumbnails)', copied, bareCopied));
    copy.close();
    await pool.close();
    out.push(`load average ${load()} at the end`);
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
