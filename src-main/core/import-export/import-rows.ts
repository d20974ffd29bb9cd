// The main thread's part of an import: the rows of a batch of analysed files, written in one
// transaction (a 10,000-file import is ~50 short transactions instead of 10,000), and each
// file's result in the CLI's `import --json` shape.
import { basename } from 'node:path';
import { EaselError, toErrorData } from '../../../src-shared/errors.ts';
import { libraryModelId, libraryPrompt, librarySeed } from '../../../src-shared/library-values.ts';
import type { ImportedMetadata } from '../metadata/index.ts';
import type { FileAnalysis, ImportMode } from './analyse.ts';
import type { ImportDeps, ImportResult, ImportResultMetadata } from './import.ts';

export interface AnalysedFile {
  file: string;
  mode: ImportMode;
  analysis: FileAnalysis;
}

/** Records the batch in one IMMEDIATE transaction; one result per file, in order. */
export function recordBatch(deps: ImportDeps, batch: readonly AnalysedFile[]): ImportResult[] {
  try {
    return deps.db.transaction(() => batch.map((item) => recordOne(deps, item))).immediate();
  } catch (error) {
    const data = toErrorData(error);
    return batch.map(({ file }) => ({ file, status: 'failed', error: data }));
  }
}

function recordOne(deps: ImportDeps, { file, mode, analysis }: AnalysedFile): ImportResult {
  const { image: stored, imported, width, height, mtimeMs } = analysis;
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
    ...(mode === 'in-place' ? { externalPath: file, externalMtimeMs: mtimeMs } : {}),
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
}

/** A failed file's result; messages from the metadata reader and the store are made to name it. */
export function failedResult(file: string, error: unknown): ImportResult {
  return { file, status: 'failed', error: toErrorData(namingFile(error, file)) };
}

function namingFile(error: unknown, file: string): unknown {
  if (!(error instanceof EaselError)) return error;
  if (error.code !== 'bad-image' || error.message.includes(file)) return error;
  return new EaselError('bad-image', `${file}: ${error.message}`, { cause: error });
}

export function resultMetadata(m: ImportedMetadata | null, width: number, height: number): ImportResultMetadata {
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
