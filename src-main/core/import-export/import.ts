// Import: copy PNG/JPEG/WebP files into the content-addressed library, read the generation metadata
// other tools (and Easel) wrote into them, and record each as an image with source 'imported'.
// One result per file: a bad file never stops the rest.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { EaselError, toErrorData, type ErrorData } from '../../../src-shared/errors.ts';
import { libraryModelId, libraryPrompt, librarySeed } from '../../../src-shared/library-values.ts';
import { type ImageStore, MAX_IMAGE_PIXELS, type ImagesRepo, type PromptsRepo } from '../storage/index.ts';
import { detectFormat, readImageMetadata, type ImportedMetadata, type SourceTool } from '../metadata/index.ts';

/** What import needs; an open `Storage` satisfies it. */
export interface ImportDeps {
  store: ImageStore;
  images: ImagesRepo;
  prompts: PromptsRepo;
}

/** The `metadata` of an import result: the CLI's `import --json` shape. Absent values are null. */
export interface ImportResultMetadata {
  /** null when the file carries no generation metadata. */
  sourceTool: SourceTool | null;
  prompt: string | null;
  negativePrompt: string | null;
  /**
   * A number when it is exact in JSON/JavaScript (≤ 2^53); a larger seed (Fooocus, ComfyUI
   * 64-bit seeds) is its exact decimal text as a string.
   */
  seed: number | string | null;
  steps: number | null;
  cfgScale: number | null;
  sampler: string | null;
  /** The noise schedule when the tool states it apart from the sampler (A1111 "Schedule type", ComfyUI). */
  scheduler: string | null;
  model: string | null;
  /** The generation size the metadata states, else the file's own pixel size. */
  width: number | null;
  height: number | null;
}

export interface ImportResult {
  /** The path as given (for files found by `recurse`: the path under the given folder). */
  file: string;
  status: 'imported' | 'failed';
  imageId?: string;
  error?: ErrorData;
  /** Set when these exact bytes were already in the library: the existing image's id (= imageId). */
  duplicateOf?: string;
  metadata?: ImportResultMetadata;
}

export interface ImportProgress {
  /** Files finished so far (this one included). */
  done: number;
  total: number;
  result: ImportResult;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** Import the images inside folders (and their subfolders) instead of refusing them. */
  recurse?: boolean;
  /** Stops before the next file; the files not reached are reported as failed with code 'aborted'. */
  signal?: AbortSignal;
}

/** Files larger than this are refused before being read (no PNG/JPEG/WebP of ≤ 100 MP is near it). */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;
/** Extensions looked at inside folders when recursing (others are ignored, not reported). */
export const IMPORT_EXTENSIONS = [
  '.png',
  '.jpg',
  '.jpeg',
  '.jfif',
  '.webp',
  '.gif',
  '.bmp',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
];

export async function importFiles(
  deps: ImportDeps,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportResult[]> {
  const entries: { file: string; error?: EaselError }[] = [];
  for (const file of paths) {
    if (options.recurse && (await stat(file).catch(() => null))?.isDirectory())
      entries.push(...(await listFolder(file)));
    else entries.push({ file });
  }
  const results: ImportResult[] = [];
  for (const entry of entries) {
    let result: ImportResult;
    if (options.signal?.aborted) {
      result = {
        file: entry.file,
        status: 'failed',
        error: { code: 'aborted', message: 'The import was cancelled before this file.' },
      };
    } else if (entry.error) {
      result = { file: entry.file, status: 'failed', error: entry.error.toData() };
    } else {
      result = await importOne(deps, entry.file);
    }
    results.push(result);
    options.onProgress?.({ done: results.length, total: entries.length, result });
  }
  return results;
}

async function importOne(deps: ImportDeps, file: string): Promise<ImportResult> {
  try {
    const bytes = await readImageFile(file);
    const { width, height } = await checkHeader(bytes, file);
    const imported = seedWithinContract(await readImageMetadata(bytes));
    // put() decodes the whole image for the thumbnail, so truncated data fails here, before any write.
    const stored = await deps.store.put(bytes);
    // Typed fields hold only what the contract accepts; the record keeps the file's text as it was.
    const prompt = libraryPrompt(nonEmpty(imported?.prompt));
    const negativePrompt = libraryPrompt(nonEmpty(imported?.negativePrompt));
    const { image, created } = deps.images.insertOrGet({
      ...stored,
      source: 'imported',
      prompt,
      negativePrompt,
      seed: librarySeed(imported?.easel?.seed) ?? librarySeed(imported?.seed),
      modelId: libraryModelId(nonEmpty(imported?.easel?.modelId)) ?? libraryModelId(nonEmpty(imported?.model)),
      metadata: { ...(imported ?? { sourceTool: null }), originalName: basename(file) },
    });
    if (created && prompt !== null) deps.prompts.recordUse(prompt, negativePrompt);
    const result: ImportResult = {
      file,
      status: 'imported',
      imageId: image.id,
      metadata: resultMetadata(imported, width, height),
    };
    if (!created) result.duplicateOf = image.id;
    return result;
  } catch (error) {
    return { file, status: 'failed', error: toErrorData(asEaselError(error, file)) };
  }
}

async function readImageFile(file: string): Promise<Buffer> {
  const info = await stat(file).catch(async (cause: NodeJS.ErrnoException) => {
    throw await statError(file, cause);
  });
  if (info.isDirectory()) {
    throw new EaselError(
      'validation',
      `${file} is a folder, not an image. Import the files inside it, or import the folder with "recurse" (--recursive) to take every image in it.`,
    );
  }
  if (!info.isFile())
    throw new EaselError(
      'bad-image',
      `${file} is not a regular file (a device, pipe or socket), so it is not an image.`,
    );
  if (info.size === 0) throw new EaselError('bad-image', `${file} is empty (0 bytes), so it is not an image.`);
  if (info.size > MAX_IMPORT_BYTES)
    throw new EaselError(
      'bad-image',
      `${file} is ${Math.round(info.size / 1024 / 1024)} MB; Easel imports images up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
    );
  try {
    return await readFile(file);
  } catch (cause) {
    throw await statError(file, cause as NodeJS.ErrnoException);
  }
}

async function statError(file: string, cause: NodeJS.ErrnoException): Promise<EaselError> {
  if (cause.code === 'ENOENT') {
    const link = await lstat(file).catch(() => null);
    if (link?.isSymbolicLink())
      return new EaselError('not-found', `${file} is a link to a file that no longer exists.`, { cause });
    return new EaselError('not-found', `${file} does not exist (check the path).`, { cause });
  }
  if (cause.code === 'EACCES' || cause.code === 'EPERM') {
    return new EaselError(
      'io',
      `Easel is not allowed to read ${file} (permission denied). Check the file's permissions.`,
      { cause },
    );
  }
  if (cause.code === 'ENOTDIR')
    return new EaselError('not-found', `${file} does not exist: part of its path is a file, not a folder.`, { cause });
  if (cause.code === 'ELOOP')
    return new EaselError('not-found', `${file} is a link that points back to itself.`, { cause });
  return new EaselError('io', `Easel could not read ${file}: ${cause.message}`, { cause });
}

// Magic numbers of image formats Easel does not keep, to say "not supported" rather than "not an image".
const UNSUPPORTED: { name: string; test: (b: Buffer) => boolean }[] = [
  { name: 'GIF', test: (b) => b.toString('latin1', 0, 6) === 'GIF87a' || b.toString('latin1', 0, 6) === 'GIF89a' },
  { name: 'BMP', test: (b) => b.toString('latin1', 0, 2) === 'BM' && b.length >= 26 },
  { name: 'TIFF', test: (b) => b.toString('latin1', 0, 4) === 'II*\0' || b.toString('latin1', 0, 4) === 'MM\0*' },
  { name: 'AVIF', test: (b) => b.toString('latin1', 4, 8) === 'ftyp' && /^avi[fs]/.test(b.toString('latin1', 8, 12)) },
  {
    name: 'HEIC',
    test: (b) => b.toString('latin1', 4, 8) === 'ftyp' && /^(hei[cxms]|mif1|msf1)/.test(b.toString('latin1', 8, 12)),
  },
  { name: 'JPEG XL', test: (b) => (b[0] === 0xff && b[1] === 0x0a) || b.toString('latin1', 4, 8) === 'JXL ' },
  { name: 'Photoshop (PSD)', test: (b) => b.toString('latin1', 0, 4) === '8BPS' },
  { name: 'ICO', test: (b) => b.length >= 6 && b.readUInt32BE(0) === 0x00000100 },
  { name: 'SVG', test: (b) => /^(\uFEFF)?\s*(<\?xml[^>]*>\s*)?<svg[\s>]/i.test(b.toString('utf8', 0, 512)) },
];

/** Format and size from the header alone (no decoding), refusing other formats and > 100 MP. */
async function checkHeader(bytes: Buffer, file: string): Promise<{ width: number; height: number }> {
  const format = detectFormat(bytes);
  if (format === undefined) {
    const other = UNSUPPORTED.find((u) => u.test(bytes));
    if (other)
      throw new EaselError(
        'bad-image',
        `${file} is a ${other.name} image; Easel imports PNG, JPEG and WebP only. Convert it to PNG first.`,
      );
    const ext = extname(file).toLowerCase();
    const claims = ext === '' ? '' : ` (although its name ends in ${ext})`;
    throw new EaselError('bad-image', `${file} is not an image${claims}: its contents are not PNG, JPEG or WebP.`);
  }
  let width: number | undefined;
  let height: number | undefined;
  try {
    // metadata() reads the header only, without the pixel limit so that the size can be reported;
    // the full decode later (the store's thumbnail) runs with limitInputPixels.
    ({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch (cause) {
    throw new EaselError(
      'bad-image',
      `${file} looks like a ${format.toUpperCase()} but its header is damaged, so it cannot be read.`,
      { cause },
    );
  }
  if (!width || !height)
    throw new EaselError('bad-image', `${file} has no image size in its header; the file is damaged.`);
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new EaselError(
      'bad-image',
      `${file} is ${width}×${height} pixels (${Math.round((width * height) / 1e6)} megapixels); Easel imports images up to ${MAX_IMAGE_PIXELS / 1e6} megapixels. Scale it down first.`,
    );
  }
  return { width, height };
}

function asEaselError(error: unknown, file: string): unknown {
  if (!(error instanceof EaselError)) return error;
  if (error.code !== 'bad-image' || error.message.includes(file)) return error;
  // Messages from the metadata reader and the store do not name the file; a list of results should.
  return new EaselError('bad-image', `${file}: ${error.message}`, { cause: error });
}

/** A seed out of the library's range (A1111's `Seed: -1`: "random") stays as text only. */
function seedWithinContract(m: ImportedMetadata | null): ImportedMetadata | null {
  if (m?.seed === undefined || librarySeed(m.seed) !== null) return m;
  const { seed, ...rest } = m;
  return { ...rest, seedText: m.seedText ?? String(seed) };
}

function resultMetadata(m: ImportedMetadata | null, width: number, height: number): ImportResultMetadata {
  const seed = m?.seed ?? m?.seedText ?? null;
  return {
    sourceTool: m?.sourceTool ?? null,
    prompt: nonEmpty(m?.prompt),
    negativePrompt: nonEmpty(m?.negativePrompt),
    seed: typeof seed === 'string' && /^\d+$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed,
    steps: m?.steps ?? null,
    cfgScale: m?.cfgScale ?? null,
    sampler: nonEmpty(m?.sampler),
    scheduler: nonEmpty(m?.scheduler),
    model: nonEmpty(m?.easel?.modelId) ?? nonEmpty(m?.model),
    width: m?.width ?? width,
    height: m?.height ?? height,
  };
}

function nonEmpty(text: string | undefined | null): string | null {
  return text === undefined || text === null || text.trim() === '' ? null : text;
}

/** Images under a folder, sorted, depth first; links to folders are not followed (no cycles). */
async function listFolder(folder: string): Promise<{ file: string; error?: EaselError }[]> {
  const out: { file: string; error?: EaselError }[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (cause) {
      out.push({ file: dir, error: await statError(dir, cause as NodeJS.ErrnoException) });
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const info = await lstat(path).catch(() => null);
      if (info?.isDirectory()) await walk(path);
      else if (IMPORT_EXTENSIONS.includes(extname(name).toLowerCase())) out.push({ file: path });
    }
  };
  await walk(folder);
  return out;
}
