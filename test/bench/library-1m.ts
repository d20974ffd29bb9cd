// Issue 3 benchmark, section `library1m`: the library's queries over a synthetic library of
// 1,000,000 images (BENCH_IMAGES=N to scale down). Rows are bulk-inserted with prepared statements
// into the real schema (openStorage runs the migrations, the FTS triggers index each prompt), a few
// transactions of BATCH rows; every image points at one of a few small shared files on disk.
// Per image: a succeeded generation, the image row, 0–3 tags, and the ledger's reservation,
// release and charge. Then the repositories' own calls are timed on fresh and warm connections.
//
// BENCH_KEEP=1 builds into a fixed temp folder (printed) and reuses it on later runs with the same
// size and generator version; otherwise the folder is deleted at the end.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  MIGRATIONS,
  openStorage,
  toFtsQuery,
  type Storage,
  type StoredImage,
} from '../../src-main/core/storage/index.ts';
import { promptTextKey } from '../../src-main/core/storage/prompt-key.ts';
import {
  buildVocabulary,
  SYNTH_DEFAULTS,
  SYNTH_MODELS,
  SYNTH_PRICES,
  synthImages,
  synthTagName,
  ZipfSampler,
  type SynthImage,
} from './library-synth.ts';
import { renderRealisticPng } from './library-save.ts';
import { formatSummary, summarize, timeRuns, type Summary } from './stats.ts';

/** Bump when the generator or the build changes, so kept libraries are rebuilt. */
export const BUILD_VERSION = 2;
const BATCH = 50_000;
const SHARED_FILES = 4;

export interface BuildInfo {
  version: number;
  count: number;
  seconds: number;
  databaseBytes: number;
}

type Row = (string | number | null)[];

export async function build(dataDir: string, count: number, log: (line: string) => void): Promise<BuildInfo> {
  const started = performance.now();
  const clock = (): Date => new Date(SYNTH_DEFAULTS.end);
  const lib = openStorage({ dataDir, clock });
  try {
    // The few real files every row shares (small, so the folder stays small).
    const files: StoredImage[] = [];
    for (let i = 0; i < SHARED_FILES; i++) files.push(await lib.store.put(await renderRealisticPng(900 + i, 64)));
    const db = lib.db;
    db.pragma('foreign_keys = OFF'); // generation i ↔ image i point at each other; both are written in the same batch.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const insertGeneration = db.prepare<Row>(
      `INSERT INTO generations (id, created_at, status, model_id, profile, region, params, request, seed, estimate_micro_usd, price_micro_usd,
         reserved_micro_usd, attempts, started_at, finished_at, image_id)
       VALUES (?, ?, 'succeeded', ?, 'default', 'us-east-1', ?, NULL, ?, ?, ?, 0, 1, ?, ?, ?)`,
    );
    const insertImage = db.prepare<Row>(
      `INSERT INTO images (id, sha256, path, width, height, bytes, format, created_at, generation_id, source, favorite, rating, prompt, negative_prompt, seed, model_id)
       VALUES (?, ?, ?, ?, ?, ?, 'png', ?, ?, 'generated', ?, ?, ?, ?, ?, ?)`,
    );
    const insertSpend = db.prepare<Row>(
      `INSERT INTO spend (id, generation_id, model_id, profile, kind, amount_micro_usd, price_source, at, ref_id, bucket)
       VALUES (?, ?, ?, 'default', ?, ?, ?, ?, ?, ?)`,
    );
    const insertTag = db.prepare<Row>('INSERT INTO tags (id, name) VALUES (?, ?)');
    const insertImageTag = db.prepare<Row>('INSERT INTO image_tags (tag_id, image_id) VALUES (?, ?)');
    const insertPrompt = db.prepare<Row>(
      'INSERT INTO prompts (prompt, negative_prompt, first_used_at, last_used_at, use_count, text_key) VALUES (?, ?, ?, ?, ?, ?)',
    );

    // The FTS insert triggers cost ~4× a bulk 'rebuild' of the same index: set them aside for the
    // build, rebuild both indexes at the end, and put the triggers back exactly as they were.
    const triggers = db
      .prepare<[], { name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('images_fts_insert', 'prompts_fts_insert')",
      )
      .all();
    if (triggers.length !== 2) throw new Error('the FTS insert triggers are not where the bench expects them');
    for (const trigger of triggers) db.exec(`DROP TRIGGER ${trigger.name}`);
    db.transaction(() => {
      for (let t = 0; t < SYNTH_DEFAULTS.tagCount; t++) insertTag.run(t + 1, synthTagName(t));
    })();
    const prompts = new Map<string, { first: string; last: string; count: number }>();
    let spendId = 0;
    let batch: SynthImage[] = [];
    const flush = db.transaction(() => {
      for (const image of batch) {
        const i = image.index;
        const model = SYNTH_MODELS[image.modelIndex] ?? SYNTH_MODELS[0];
        const price = SYNTH_PRICES[image.modelIndex] ?? SYNTH_PRICES[0];
        const file = files[i % files.length] ?? files[0];
        if (!file) throw new Error('no shared file');
        const queuedAt = new Date(Date.parse(image.createdAt) - 9_000).toISOString();
        const params = JSON.stringify({
          modelId: model,
          prompt: image.prompt,
          negativePrompt: image.negativePrompt ?? undefined,
          width: 1024,
          height: 1024,
          count: 1,
          seed: image.seed,
        });
        insertGeneration.run(i, queuedAt, model, params, image.seed, price, price, queuedAt, image.createdAt, i);
        const sha = createHash('sha256').update(`easel-bench-${i}`).digest('hex');
        insertImage.run(
          i,
          sha,
          file.path,
          1024,
          1024,
          1_700_000,
          image.createdAt,
          i,
          image.favorite ? 1 : 0,
          image.rating,
          image.prompt,
          image.negativePrompt,
          image.seed,
          model,
        );
        for (const tag of image.tags) insertImageTag.run(tag + 1, i);
        const reservation = ++spendId;
        insertSpend.run(reservation, i, model, 'reservation', price, null, queuedAt, null, 'hold');
        insertSpend.run(++spendId, i, model, 'release', -price, null, image.createdAt, reservation, 'hold');
        insertSpend.run(++spendId, i, model, 'charge', price, 'catalog:2025-06-01', image.createdAt, null, 'spend');
        const key = `${image.prompt}\u0000${image.negativePrompt ?? ''}`;
        const use = prompts.get(key);
        if (use) {
          use.last = image.createdAt;
          use.count += 1;
        } else prompts.set(key, { first: image.createdAt, last: image.createdAt, count: 1 });
      }
    });
    let done = 0;
    for (const image of synthImages({ count })) {
      batch.push(image);
      if (batch.length === BATCH) {
        flush();
        done += batch.length;
        batch = [];
        if (done % 200_000 === 0)
          log(`  … ${done.toLocaleString('en')} images, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }
    if (batch.length > 0) flush();
    db.transaction(() => {
      for (const [key, use] of prompts) {
        const [prompt = '', negative = ''] = key.split('\u0000');
        insertPrompt.run(prompt, negative, use.first, use.last, use.count, promptTextKey(prompt, negative));
      }
    })();
    db.transaction(() => {
      db.exec("INSERT INTO images_fts(images_fts) VALUES('rebuild')");
      db.exec("INSERT INTO prompts_fts(prompts_fts) VALUES('rebuild')");
      for (const trigger of triggers) db.exec(trigger.sql);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('foreign_keys = ON');
    const fkProblems = db.prepare('PRAGMA foreign_key_check').all().length;
    if (fkProblems > 0) throw new Error(`synthetic library has ${fkProblems} foreign key problems`);
    log(`  ${prompts.size.toLocaleString('en')} distinct prompts, ${spendId.toLocaleString('en')} ledger entries`);
  } finally {
    lib.close();
  }
  const databaseBytes = (await stat(join(dataDir, 'easel.db'))).size;
  return { version: BUILD_VERSION, count, seconds: (performance.now() - started) / 1000, databaseBytes };
}

function goal(label: string, summary: Summary, limitMs: number): string {
  const verdict = (value: number): string => (value < limitMs ? 'met' : 'NOT met');
  return `${label.padEnd(44)} goal < ${limitMs} ms: ${verdict(summary.median)} by the median, ${verdict(summary.p95)} by the p95`;
}

/** Issue 16's goal: every library query under 20 ms at 1M images, by the p95. */
const QUERY_GOAL_MS = 20;

/** Query words: common style words (ranks 8–12 of the vocabulary) and one in ~1 image in 20,000. */
function queryWords(count: number): { common: string; second: string; third: string; rare: string } {
  const vocabulary = buildVocabulary();
  const zipf = new ZipfSampler(vocabulary.length);
  // ~14 words a prompt: images holding rank r ≈ count × 14 × p(r) (a little fewer: prompts are reused).
  let rareRank = vocabulary.length - 1;
  for (let r = 0; r < vocabulary.length; r++) {
    if (count * 14 * zipf.probability(r) < Math.max(5, count / 20_000)) {
      rareRank = r;
      break;
    }
  }
  const word = (rank: number): string => vocabulary[rank] ?? '';
  return { common: word(8), second: word(9), third: word(12), rare: word(rareRank) };
}

export async function benchLibrary1m(iterations: number): Promise<string[]> {
  const count = Number(process.env.BENCH_IMAGES ?? 1_000_000);
  if (!Number.isSafeInteger(count) || count < 1000)
    throw new Error(`BENCH_IMAGES must be an integer ≥ 1000, got ${process.env.BENCH_IMAGES}`);
  const keep = process.env.BENCH_KEEP === '1';
  const dataDir = keep
    ? join(tmpdir(), `easel-bench-library-${count}`)
    : await mkdtemp(join(tmpdir(), 'easel-bench-library-'));
  const lines: string[] = [];
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const infoFile = join(dataDir, 'bench-build.json');
  try {
    let info: BuildInfo | null = null;
    if (keep && existsSync(infoFile)) {
      const kept = JSON.parse(await readFile(infoFile, 'utf8')) as BuildInfo;
      if (kept.version === BUILD_VERSION && kept.count === count) info = kept;
      else await rm(dataDir, { recursive: true, force: true });
    }
    if (info) {
      lines.push(
        `library1m: reusing ${count.toLocaleString('en')} images in ${dataDir} (built in ${info.seconds.toFixed(1)} s; BENCH_KEEP=1)`,
      );
    } else {
      log(`library1m: building ${count.toLocaleString('en')} synthetic images in ${dataDir} …`);
      info = await build(dataDir, count, log);
      if (keep) await writeFile(infoFile, JSON.stringify(info));
      lines.push(
        `library1m: built ${count.toLocaleString('en')} images in ${info.seconds.toFixed(1)} s (${(info.databaseBytes / 1e6).toFixed(0)} MB database) in ${dataDir}${keep ? ' (kept: BENCH_KEEP=1)' : ' (deleted at the end; BENCH_KEEP=1 keeps it)'}`,
      );
    }
    lines.push(
      `library1m: load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPUs`,
    );
    lines.push(...firstOpen(dataDir));
    lines.push(...(await measure(dataDir, count, iterations)));
    lines.push(...databaseBytes(dataDir));
  } finally {
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
  return lines;
}

/** Opens the library once: on a library kept from an earlier schema this applies the pending migrations (and the backup before them). */
function firstOpen(dataDir: string): string[] {
  const file = join(dataDir, 'easel.db');
  const probe = new Database(file, { readonly: true });
  const applied = probe.prepare<[], { n: number }>('SELECT count(*) AS n FROM migrations').get()?.n ?? 0;
  probe.close();
  const pending = MIGRATIONS.slice(applied).map((m) => `${m.id} ${m.name}`);
  const t0 = performance.now();
  openStorage({ dataDir }).close();
  const seconds = (performance.now() - t0) / 1000;
  return [
    pending.length === 0
      ? `library1m: first open ${seconds.toFixed(2)} s (no migration pending)`
      : `library1m: first open applied migration(s) ${pending.join(', ')} to ${applied > 0 ? 'the kept library' : 'it'} in ${seconds.toFixed(1)} s (backup before migrating included)`,
  ];
}

/** Where the database's bytes go (dbstat: the pages of each table and index), by feature; the file's free pages apart. */
function databaseBytes(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'easel.db'), { readonly: true });
  try {
    const rows = db
      .prepare<[], { name: string; bytes: number }>(
        'SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC',
      )
      .all();
    const total = rows.reduce((sum, row) => sum + row.bytes, 0);
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
    const owner = (name: string): string =>
      /^(spend|spend_)/.test(name)
        ? 'ledger (spend + its indexes)'
        : /_fts/.test(name)
          ? 'search indexes (FTS5)'
          : name.startsWith('generations')
            ? 'jobs (generations + indexes)'
            : /^(images|sqlite_autoindex_images)/.test(name)
              ? 'images + indexes'
              : /prompts/.test(name)
                ? 'prompt history + indexes'
                : 'other';
    const groups = new Map<string, number>();
    for (const row of rows) groups.set(owner(row.name), (groups.get(owner(row.name)) ?? 0) + row.bytes);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const fileBytes = (db.pragma('page_count', { simple: true }) as number) * pageSize;
    const freeBytes = (db.pragma('freelist_count', { simple: true }) as number) * pageSize;
    const lines = [
      `library1m: database size ${mb(total)} in use (goal: say where the bytes go); file ${mb(fileBytes)}, of it ${mb(freeBytes)} free pages (reused before the file grows; VACUUM returns them to the disk)`,
    ];
    for (const [group, bytes] of [...groups].sort((a, b) => b[1] - a[1]))
      lines.push(`library1m:   ${group.padEnd(32)} ${mb(bytes).padStart(8)}  ${((100 * bytes) / total).toFixed(0)}%`);
    lines.push(
      `library1m:   biggest: ${rows
        .slice(0, 8)
        .map((row) => `${row.name} ${mb(row.bytes)}`)
        .join(', ')}`,
    );
    return lines;
  } finally {
    db.close();
  }
}

async function measure(dataDir: string, count: number, iterations: number): Promise<string[]> {
  const lines: string[] = [];
  const now = new Date(SYNTH_DEFAULTS.end);
  const clock = (): Date => new Date(now.getTime() - 1);
  const warmup = Math.min(3, iterations);
  const row = (label: string, samples: number[]): Summary => {
    const summary = summarize(samples);
    lines.push(formatSummary(`library1m: ${label}`, summary));
    return summary;
  };

  // Cold: a new connection each time (pragmas, migrations check, schema read), then its first page.
  const openSamples: number[] = [];
  const coldPageSamples: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const t0 = performance.now();
    const fresh = openStorage({ dataDir, clock });
    const t1 = performance.now();
    fresh.images.list({ limit: 100 });
    const t2 = performance.now();
    fresh.close();
    if (i >= warmup) {
      openSamples.push(t1 - t0);
      coldPageSamples.push(t2 - t1);
    }
  }
  row('open (new connection + migrations check)', openSamples);
  const coldPage = row('first page, 100 newest, fresh connection', coldPageSamples);

  const lib: Storage = openStorage({ dataDir, clock });
  try {
    const total = lib.images.count();
    if (total !== count) throw new Error(`expected ${count} images, found ${total}`);
    const time = async (label: string, fn: () => unknown): Promise<Summary> =>
      row(label, await timeRuns(iterations, fn, warmup));
    const firstPage = await time('first page, 100 newest', () => lib.images.list({ limit: 100 }));
    const cursor = lib.images.list({ limit: 100 }).nextCursor ?? undefined;
    await time('second page (keyset cursor)', () => lib.images.list({ limit: 100, cursor }));
    lines.push(goal('library1m: first page, fresh connection', coldPage, 100));
    lines.push(goal('library1m: first page', firstPage, 100));

    const words = queryWords(count);
    const everyQuery: [string, Summary][] = [];
    const timeQuery = async (label: string, fn: () => unknown): Promise<Summary> => {
      const summary = await time(label, fn);
      everyQuery.push([label, summary]);
      return summary;
    };
    const hits = (text: string): number =>
      lib.db
        .prepare<[string], { n: number }>('SELECT count(*) AS n FROM images_fts WHERE images_fts MATCH ?')
        .get(toFtsQuery(text) ?? '""')?.n ?? 0;
    const searches: [string, string][] = [
      ['common word', words.common],
      ['rare word', words.rare],
      ['three common words', `${words.common} ${words.second} ${words.third}`],
      // Search as you type: the last word is a prefix; the whole words before it stream.
      ['three words, the last unfinished', `${words.common} ${words.second} ${words.third.slice(0, 4)}`],
      ['common + rare word', `${words.common} ${words.rare}`],
      ['prefix', 'dra'],
      ['prefix', 'portr'],
      // Longer than the longest prefix index (8): FTS5 merges the hits of the words it covers.
      ['prefix, 9 letters', 'artstatio'],
      // The first keystroke of search as you type: the first page of everything starting with "d".
      ['one letter', 'd'],
      ['no match', 'zzqx'],
    ];
    for (const [kind, text] of searches) {
      const summary = await time(`search ${kind} "${text}": ${hits(text).toLocaleString('en')} hits`, () =>
        lib.images.list({ text, limit: 100 }),
      );
      everyQuery.push([`search ${kind} "${text}"`, summary]);
    }
    const promptHits = lib.prompts.list({ text: words.rare, limit: 50 }).length;
    await time(`prompt history search "${words.rare}" (${promptHits} shown)`, () =>
      lib.prompts.list({ text: words.rare, limit: 50 }),
    );

    const tagCount = (name: string): number =>
      lib.db
        .prepare<[string], { n: number }>(
          'SELECT count(*) AS n FROM image_tags WHERE tag_id = (SELECT id FROM tags WHERE name = ?)',
        )
        .get(name)?.n ?? 0;
    for (const tag of [synthTagName(0), synthTagName(120)])
      await timeQuery(`tag "${tag}" (${tagCount(tag).toLocaleString('en')} images)`, () =>
        lib.images.list({ tags: [tag], limit: 100 }),
      );
    await timeQuery(`tags "${synthTagName(0)}" + "${synthTagName(1)}"`, () =>
      lib.images.list({ tags: [synthTagName(0), synthTagName(1)], limit: 100 }),
    );

    const span = SYNTH_DEFAULTS.spanDays * 86_400_000;
    const middle = now.getTime() - span / 2;
    const day = (offsetDays: number): string => new Date(middle + offsetDays * 86_400_000).toISOString();
    await timeQuery('date range: one day, a year ago', () => lib.images.list({ from: day(0), to: day(1), limit: 100 }));
    await timeQuery('date range: one month, a year ago', () =>
      lib.images.list({ from: day(0), to: day(30), limit: 100 }),
    );
    await timeQuery(`date range: one month, a year ago + search "${words.second}"`, () =>
      lib.images.list({ from: day(0), to: day(30), text: words.second, limit: 100 }),
    );
    await timeQuery('date range: everything older than a year', () => lib.images.list({ to: day(0), limit: 100 }));
    await timeQuery('date range: last 7 days', () =>
      lib.images.list({ from: new Date(now.getTime() - 7 * 86_400_000).toISOString(), limit: 100 }),
    );
    await timeQuery('model + favourite filter', () =>
      lib.images.list({ modelId: SYNTH_MODELS[2], favorite: true, limit: 100 }),
    );

    const slowest = everyQuery.reduce((worst, entry) => (entry[1].p95 > worst[1].p95 ? entry : worst));
    lines.push(goal(`library1m: every library query above (slowest p95: ${slowest[0]})`, slowest[1], QUERY_GOAL_MS));
    for (const [label, summary] of everyQuery)
      if (summary.p95 >= QUERY_GOAL_MS)
        lines.push(goal(`library1m: NOT under ${QUERY_GOAL_MS} ms: ${label}`, summary, QUERY_GOAL_MS));

    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString();
    const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
    const monthTotal = lib.spend.total({ from: monthStart, to: monthEnd });
    await time(`month spend total (${monthStart.slice(0, 7)}: $${(monthTotal / 1e6).toFixed(2)})`, () =>
      lib.spend.total({ from: monthStart, to: monthEnd }),
    );
    await time('spend summary (total, today, month, held)', () => lib.spend.summary());
    const monthEntries = lib.spend.entries({ from: monthStart, to: monthEnd }).length;
    await time(`ledger entries of that month, CSV export (${monthEntries.toLocaleString('en')} rows)`, () =>
      lib.spend.toCsv({ from: monthStart, to: monthEnd }),
    );
  } finally {
    lib.close();
  }
  return lines;
}
