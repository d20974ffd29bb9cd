// Export: copy library images (a selection or a collection) to a folder under names made from a
// template, with or without their metadata, optionally with a JSON sidecar each. A video (an item
// whose media is 'video') is exported as its MP4, under the same name. Every file is written
// atomically (temp file in the target folder, fsync, then link/rename into place).
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ImageRecord } from '../../../src-shared/domain.ts';
import { EaselError, toErrorData, type ErrorData } from '../../../src-shared/errors.ts';
import type {
  CollectionsRepo,
  GenerationsRepo,
  ImageStore,
  ImagesRepo,
  TagsRepo,
  VideoAssetsRepo,
} from '../storage/index.ts';
import { stripMetadata } from '../metadata/index.ts';
import { IMAGE_EXTENSIONS } from '../storage/index.ts';
import {
  DEFAULT_TEMPLATE,
  fallbackName,
  numbered,
  parseTemplate,
  renderTemplate,
  templateValues,
} from '../../../src-shared/file-names.ts';

/** What export needs; an open `Storage` satisfies it. */
export interface ExportDeps {
  store: ImageStore;
  images: ImagesRepo;
  tags: TagsRepo;
  collections: CollectionsRepo;
  generations: GenerationsRepo;
  /** Where a video's MP4 is (absent: videos are exported as their poster image). */
  videoAssets?: Pick<VideoAssetsRepo, 'get'>;
}

export type OverwritePolicy = 'skip' | 'rename' | 'replace';

export interface ExportOptions {
  /** Images to export, in this order. With `collectionId` too: only these, in the collection's order. */
  imageIds?: readonly string[];
  /** A collection to export (its live images, in its order). */
  collectionId?: string;
  /** The target folder (created when missing). */
  folder: string;
  /** Default DEFAULT_TEMPLATE ('{slug}_{seed}'). Fields: {collection} {prompt} {slug} {seed} {model} {id} {date} {index} {width} {height}; "/" makes subfolders. */
  template?: string;
  /** false: the exported files carry no generation metadata (stripMetadata). */
  withMetadata: boolean;
  /** Also write <name>.json beside each image. */
  sidecar: boolean;
  /** When a file of that name already exists in the folder. Default 'rename' ("name (2).png"). */
  overwrite?: OverwritePolicy;
  onProgress?: (progress: { done: number; total: number; result: ExportFileResult }) => void;
}

export interface ExportFileResult {
  imageId: string;
  status: 'exported' | 'skipped' | 'failed';
  /** Absolute path of the image file written (or, for 'skipped', the existing file it would have been). */
  file?: string;
  /** Absolute path of the sidecar written. */
  sidecar?: string;
  /** True when an existing file was replaced ('replace'). */
  replaced?: boolean;
  error?: ErrorData;
}

export interface ExportResult {
  folder: string;
  files: ExportFileResult[];
  totals: { exported: number; skipped: number; failed: number; bytes: number };
}

/** What the sidecar JSON holds (version 1). */
export interface ExportSidecar {
  version: 1;
  imageId: string;
  file: string;
  prompt: string | null;
  negativePrompt: string | null;
  /** A number when exact (≤ 2^53), else the exact decimal text. */
  seed: number | string | null;
  model: string | null;
  width: number;
  height: number;
  format: string;
  tags: string[];
  collection: string | null;
  /** Position in the collection, from 1 (collection exports only). */
  collectionIndex: number | null;
  /** UTC, ISO 8601. */
  createdAt: string;
  source: string;
  /** The native request body sent to Bedrock (generated images; Easel files imported from elsewhere), else null. */
  request: unknown;
  /** The model-neutral generation parameters, when known. */
  params: unknown;
  /** For imported images: the tool and settings read from the file. */
  importedMetadata: Record<string, unknown> | null;
}

interface Item {
  image: ImageRecord | null;
  imageId: string;
  /** 1-based position (in the collection, or in the selection). */
  index: number;
  collection: string | null;
  /** True when exporting a collection: `index` is the position in it. */
  fromCollection: boolean;
}

export async function exportImages(deps: ExportDeps, options: ExportOptions): Promise<ExportResult> {
  const template = parseTemplate(options.template ?? DEFAULT_TEMPLATE);
  const overwrite = options.overwrite ?? 'rename';
  if (!['skip', 'rename', 'replace'].includes(overwrite))
    throw new EaselError('validation', 'overwrite is one of skip, rename, replace.', { field: 'overwrite' });
  if (typeof options.folder !== 'string' || options.folder.trim() === '')
    throw new EaselError('validation', 'Choose a folder to export to.', { field: 'folder' });
  const folder = resolve(options.folder);
  await prepareFolder(folder);

  const items = selectItems(deps, options);
  // Names handed out in this run, case-folded: the folder may be on a case-insensitive disk.
  const taken = new Set<string>();
  const files: ExportFileResult[] = [];
  const totals = { exported: 0, skipped: 0, failed: 0, bytes: 0 };
  for (const item of items) {
    let result: ExportFileResult;
    try {
      if (!item.image) throw new EaselError('not-found', `There is no image with id ${item.imageId} in the library.`);
      const written = await exportOne(deps, item.image, item, {
        folder,
        template,
        total: items.length,
        overwrite,
        taken,
        withMetadata: options.withMetadata,
        sidecar: options.sidecar,
      });
      result = written.result;
      totals.bytes += written.bytes;
    } catch (error) {
      result = { imageId: item.imageId, status: 'failed', error: toErrorData(error) };
    }
    totals[result.status === 'exported' ? 'exported' : result.status === 'skipped' ? 'skipped' : 'failed']++;
    files.push(result);
    options.onProgress?.({ done: files.length, total: items.length, result });
  }
  return { folder, files, totals };
}

function selectItems(deps: ExportDeps, options: ExportOptions): Item[] {
  if (options.collectionId !== undefined) {
    const collection = deps.collections.get(options.collectionId);
    const wanted = options.imageIds === undefined ? null : new Set(options.imageIds);
    return deps.images
      .listCollection(collection.id)
      .map((image, i) => ({
        image,
        imageId: image.id,
        index: i + 1,
        collection: collection.name,
        fromCollection: true,
      }))
      .filter((item) => wanted === null || wanted.has(item.imageId));
  }
  if (options.imageIds === undefined)
    throw new EaselError('validation', 'Choose images or a collection to export.', { field: 'imageIds' });
  // {collection} of a loose selection: the first collection (by name) holding the image, if any.
  const collections = deps.collections
    .list()
    .map((c) => ({ name: c.name, ids: new Set(deps.collections.imageIds(c.id)) }));
  return [...new Set(options.imageIds)].map((imageId, i) => ({
    image: deps.images.find(imageId),
    imageId,
    index: i + 1,
    collection: collections.find((c) => c.ids.has(imageId))?.name ?? null,
    fromCollection: false,
  }));
}

async function prepareFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => null);
  if (info && !info.isDirectory())
    throw new EaselError('validation', `${folder} is a file, not a folder; choose a folder to export to.`, {
      field: 'folder',
    });
  try {
    await mkdir(folder, { recursive: true });
  } catch (cause) {
    throw new EaselError('io', `Easel could not create the export folder ${folder}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

interface RunContext {
  folder: string;
  template: string;
  /** Images in this export (the digits of `{index}`). */
  total: number;
  overwrite: OverwritePolicy;
  taken: Set<string>;
  withMetadata: boolean;
  sidecar: boolean;
}

async function exportOne(
  deps: ExportDeps,
  image: ImageRecord,
  item: Item,
  run: RunContext,
): Promise<{ result: ExportFileResult; bytes: number }> {
  const video = image.media === 'video' && deps.videoAssets ? deps.videoAssets.get(image.id) : null;
  let bytes: Buffer;
  try {
    bytes = await readFile(deps.store.absolute(video?.path ?? image.path));
  } catch (cause) {
    throw new EaselError(
      'not-found',
      `The file of ${video ? 'video' : 'image'} ${image.id} is missing from the library folder; run "check library" to repair it.`,
      { cause },
    );
  }
  // An MP4 carries none of Easel's generation metadata: there is nothing to strip.
  if (!run.withMetadata && video === null) bytes = await stripMetadata(bytes);

  const seed = seedOf(image);
  const values = templateValues({ ...image, seed }, item.index, run.total, item.collection);
  const segments = renderTemplate(run.template, values, fallbackName(image.id));
  const base = segments.pop() ?? fallbackName(image.id);
  const dir = join(run.folder, ...segments);
  assertInside(run.folder, dir);
  const ext = video ? 'mp4' : IMAGE_EXTENSIONS[image.format];

  const target = await chooseName(dir, base, ext, run);
  if (target.skip) return { result: { imageId: image.id, status: 'skipped', file: target.image }, bytes: 0 };
  await mkdir(dir, { recursive: true });
  const replaced = await atomicWrite(target.image, bytes, run.overwrite === 'replace');
  const result: ExportFileResult = { imageId: image.id, status: 'exported', file: target.image };
  if (replaced) result.replaced = true;
  let total = bytes.byteLength;
  if (run.sidecar) {
    const json = Buffer.from(`${JSON.stringify(sidecarFor(deps, image, item, seed, target.image), null, 2)}\n`, 'utf8');
    await atomicWrite(target.sidecar, json, run.overwrite === 'replace');
    result.sidecar = target.sidecar;
    total += json.byteLength;
  }
  return { result, bytes: total };
}

/** Picks "<base>.<ext>" or the first free "<base> (n).<ext>" (image and sidecar both free). */
async function chooseName(
  dir: string,
  base: string,
  ext: string,
  run: RunContext,
): Promise<{ image: string; sidecar: string; skip: boolean }> {
  for (let n = 1; ; n++) {
    const name = numbered(base, n);
    const image = join(dir, `${name}.${ext}`);
    const sidecar = join(dir, `${name}.json`);
    const keys = [image.toLowerCase(), sidecar.toLowerCase()];
    // Two images of this export never share a name, whatever the policy: the later one is numbered.
    if (keys.some((k) => run.taken.has(k))) continue;
    const exists = (await pathExists(image)) || (run.sidecar && (await pathExists(sidecar)));
    if (exists && run.overwrite === 'rename') continue;
    for (const k of keys) run.taken.add(k);
    return { image, sidecar, skip: exists && run.overwrite === 'skip' };
  }
}

async function pathExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

function assertInside(root: string, path: string): void {
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new EaselError('validation', 'The file name template would write outside the export folder.', {
      field: 'template',
    });
}

/**
 * temp file beside the target, fsync, then into place: link() when not replacing (fails if a file
 * appeared meanwhile instead of overwriting it), rename() when replacing. Returns true when a file
 * was replaced.
 */
async function atomicWrite(target: string, data: Uint8Array, replace: boolean): Promise<boolean> {
  const temp = join(resolve(target, '..'), `.easel-export-${randomBytes(6).toString('hex')}.part`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const existed = await pathExists(target);
    if (replace) {
      await rename(temp, target);
      return existed;
    }
    try {
      await link(temp, target);
      await rm(temp, { force: true });
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'EEXIST')
        throw new EaselError('io', `${target} appeared while Easel was exporting; it was left as it is.`, { cause });
      // File systems without hard links (FAT, exFAT, some network shares): checked rename.
      if (await pathExists(target))
        throw new EaselError('io', `${target} appeared while Easel was exporting; it was left as it is.`, { cause });
      await rename(temp, target);
    }
    return false;
  } catch (cause) {
    await rm(temp, { force: true });
    if (cause instanceof EaselError) throw cause;
    throw new EaselError('io', `Easel could not write ${target}: ${(cause as Error).message}`, { cause });
  }
}

/** The seed as a number when the row has it, else the exact text an import read (64-bit seeds). */
function seedOf(image: ImageRecord): number | string | null {
  if (image.seed !== null) return image.seed;
  const text = image.metadata?.seedText;
  return typeof text === 'string' && /^\d+$/.test(text) ? text : null;
}

function sidecarFor(
  deps: ExportDeps,
  image: ImageRecord,
  item: Item,
  seed: number | string | null,
  file: string,
): ExportSidecar {
  let request: unknown = null;
  let params: unknown = null;
  if (image.generationId !== null) {
    try {
      const job = deps.generations.get(image.generationId);
      request = job.request;
      params = job.params;
    } catch {
      // the job row is gone (cannot happen with foreign keys); the sidecar says what it knows
    }
  }
  const easel = image.metadata?.easel;
  if (request === null && isRecord(easel)) {
    request = easel.request ?? null;
    params = easel.params ?? null;
  }
  const importedMetadata =
    image.source === 'imported' && image.metadata ? withoutKeys(image.metadata, ['raw', 'easel']) : null;
  return {
    version: 1,
    imageId: image.id,
    file: relative(resolve(file, '..'), file),
    prompt: image.prompt,
    negativePrompt: image.negativePrompt,
    seed,
    model: image.modelId,
    width: image.width,
    height: image.height,
    format: image.format,
    tags: deps.tags.forImages([image.id]).get(image.id) ?? [],
    collection: item.collection,
    collectionIndex: item.fromCollection ? item.index : null,
    createdAt: new Date(image.createdAt).toISOString(),
    source: image.source,
    request,
    params,
    importedMetadata,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutKeys(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}
