// Import of image files into the library: copy (content-addressed), read the generation metadata of
// Easel and other tools, one row per file. Every file gets its own result; a bad file never stops
// the rest.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { EaselError, toErrorData, type ErrorData } from '../../../src-shared/errors.ts';
import type { Library } from '../library/index.ts';
import { readImageMetadata } from '../library/metadata/index.ts';
import type { ImportedMetadata } from '../library/metadata/index.ts';

export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

export interface ImportFileResult {
  file: string;
  status: 'imported' | 'failed';
  imageId?: string;
  error?: ErrorData;
  metadata?: Omit<ImportedMetadata, 'raw' | 'easel'>;
}

export async function importFiles(library: Library, files: readonly string[]): Promise<ImportFileResult[]> {
  const results: ImportFileResult[] = [];
  for (const file of files) {
    try {
      results.push(await importOne(library, file));
    } catch (error) {
      results.push({ file, status: 'failed', error: toErrorData(error) });
    }
  }
  return results;
}

async function importOne(library: Library, file: string): Promise<ImportFileResult> {
  const info = await stat(file).catch((cause: unknown) => {
    throw new EaselError('not-found', `${basename(file)}: the file cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`, { cause });
  });
  if (info.isDirectory()) throw new EaselError('bad-image', `${basename(file)} is a folder, not an image file.`);
  if (info.size > MAX_IMPORT_BYTES) throw new EaselError('bad-image', `${basename(file)} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  const bytes = await readFile(file).catch((cause: unknown) => {
    throw new EaselError('io', `${basename(file)}: the file cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}).`, { cause });
  });
  if (bytes.byteLength === 0) throw new EaselError('bad-image', `${basename(file)} is empty (0 bytes).`);
  let metadata: ImportedMetadata | null;
  try {
    metadata = await readImageMetadata(bytes);
  } catch (error) {
    if (error instanceof EaselError) throw error;
    metadata = null;
  }
  const stored = await library.store.put(bytes);
  const { raw: _raw, easel, ...fields } = metadata ?? { raw: {}, sourceTool: 'unknown' as const };
  const { image } = library.images.insertOrGet({
    sha256: stored.sha256,
    path: stored.path,
    width: stored.width,
    height: stored.height,
    bytes: stored.bytes,
    format: stored.format,
    source: 'imported',
    prompt: fields.prompt ?? null,
    negativePrompt: fields.negativePrompt ?? null,
    seed: fields.seed ?? null,
    modelId: easel?.modelId ?? fields.model ?? null,
    metadata: metadata ? { ...fields, file: basename(file) } : null,
  });
  return { file, status: 'imported', imageId: image.id, ...(metadata ? { metadata: fields } : {}) };
}
