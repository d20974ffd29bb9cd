// `npm run bench [-- section ...]`: prints figures (median, p95, ratio to a baseline measured in
// the same run). Never a pass/fail on time. Sections: client, save, library1m, import, video, canvas, canvas1000, library-view,
// startup (more are added by later issues).
import { benchClientOverhead } from './client-overhead.ts';
import { benchImport } from './import.ts';
import { benchLibrary1m } from './library-1m.ts';
import { benchSave } from './library-save.ts';
import { benchVideo } from './video.ts';

type Section = { name: string; run: () => Promise<string[]> };

// The browser sections load playwright and the renderer build only when chosen.
const sections: Section[] = [
  { name: 'client', run: () => benchClientOverhead(Number(process.env.BENCH_ITERATIONS ?? 60)) },
  { name: 'save', run: () => benchSave(Number(process.env.BENCH_ITERATIONS ?? 40)) },
  { name: 'library1m', run: () => benchLibrary1m(Number(process.env.BENCH_ITERATIONS ?? 30)) },
  { name: 'video', run: () => benchVideo(Number(process.env.BENCH_ITERATIONS ?? 5)) },
  {
    name: 'import',
    run: () =>
      benchImport(Number(process.env.BENCH_IMPORT_FILES ?? 20_000), Number(process.env.BENCH_IMPORT_COPIED ?? 10_000)),
  },
  {
    name: 'canvas',
    run: async () => (await import('./ui-canvas.ts')).benchCanvas(Number(process.env.BENCH_ROUNDS ?? 3)),
  },
  {
    name: 'canvas1000',
    run: async () => (await import('./ui-canvas.ts')).benchCanvas(Number(process.env.BENCH_ROUNDS ?? 3), 1000),
  },
  {
    name: 'library-view',
    run: async () =>
      (await import('./ui-library-view.ts')).benchLibraryView(Number(process.env.BENCH_ITERATIONS ?? 12)),
  },
  {
    name: 'startup',
    run: async () => (await import('./startup.ts')).benchStartup(Number(process.env.BENCH_STARTS ?? 3)),
  },
];

const wanted = process.argv.slice(2);
const chosen = wanted.length === 0 ? sections : sections.filter((s) => wanted.includes(s.name));
if (chosen.length === 0) {
  console.error(`unknown section(s): ${wanted.join(', ')}; known: ${sections.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
console.log(`Easel benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const section of chosen) {
  console.log(`\n== ${section.name}`);
  for (const line of await section.run()) console.log(line);
}
