// The per-file work of an import, run inside a worker thread (import-worker.ts) so that reading,
// hashing, metadata parsing and thumbnails never hold the main process's event loop:
// - copy: the file's bytes go into the content-addressed library (ImageStore.put: hash, atomic
//   write, full decode for the thumbnail, so a truncated image is refused here);
// - in-place: the file stays where it is; its bytes are hashed and its header and metadata read
//   (no decode: the thumbnail is made later, on first display).
// The database is not touched here: the main thread writes the rows, one transaction per batch.
import { librarySeed } from '../../../src-shared/library-values.ts';
import { imageRelPath, ImageStore, sha256Hex, type StoredImage } from '../storage/index.ts';
import { detectFormat, readImageMetadata, type ImportedMetadata } from '../metadata/index.ts';
import { checkHeader, readImageFile } from './file-checks.ts';

export type ImportMode = 'copy' | 'in-place';

export interface AnalyseTask {
  kind: 'analyse';
  file: string;
  mode: ImportMode;
  /** The data folder (copy mode writes into its library/). */
  dataDir: string;
}

export interface ThumbnailTask {
  kind: 'thumbnail';
  sha256: string;
  /** The absolute path of the image file to make the thumbnail from. */
  source: string;
  dataDir: string;
}

export type WorkerTask = AnalyseTask | ThumbnailTask;

export interface FileAnalysis {
  /** What the row records: for in-place files `path` is where a copy into the library would go. */
  image: Omit<StoredImage, 'written'>;
  imported: ImportedMetadata | null;
  /** The pixel size from the header. */
  width: number;
  height: number;
  /** The file's modification time (ms since the epoch, whole). */
  mtimeMs: number;
}

export async function runWorkerTask(task: WorkerTask): Promise<FileAnalysis | string> {
  if (task.kind === 'thumbnail') return new ImageStore(task.dataDir).thumbnailFrom(task.sha256, task.source);
  return analyseFile(task);
}

async function analyseFile(task: AnalyseTask): Promise<FileAnalysis> {
  const { bytes, mtimeMs } = await readImageFile(task.file);
  const { width, height } = await checkHeader(bytes, task.file);
  const imported = seedWithinContract(await readImageMetadata(bytes));
  if (task.mode === 'copy') {
    // put() decodes the whole image for the thumbnail, so truncated data fails here, before any write.
    const { written: _written, ...image } = await new ImageStore(task.dataDir).put(bytes);
    return { image, imported, width, height, mtimeMs };
  }
  const format = detectFormat(bytes) ?? 'png'; // checkHeader refused anything else
  const sha256 = sha256Hex(bytes);
  const image = { sha256, path: imageRelPath(sha256, format), width, height, bytes: bytes.byteLength, format };
  return { image, imported, width, height, mtimeMs };
}

/** A seed out of the library's range (A1111's `Seed: -1`: "random") stays as text only. */
function seedWithinContract(m: ImportedMetadata | null): ImportedMetadata | null {
  if (m?.seed === undefined || librarySeed(m.seed) !== null) return m;
  const { seed, ...rest } = m;
  return { ...rest, seedText: m.seedText ?? String(seed) };
}
