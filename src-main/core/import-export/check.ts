// "Check library" as the user runs it: the library's own row/file comparison (check-library.ts:
// missing files, orphans, stray thumbnails, temp files) plus missing thumbnails, made again on repair.
import { stat } from 'node:fs/promises';
import { checkLibrary as checkRowsAndFiles, type LibraryCheck, type Db, type ImageStore } from '../storage/index.ts';
import { thumbRelPath } from '../storage/index.ts';

/** What the check needs; an open `Storage` satisfies it. */
export interface CheckDeps {
  db: Db;
  store: ImageStore;
}

export interface CheckOptions {
  repair: boolean;
  /** Temp files younger than this may belong to a write in progress; default 10 minutes. */
  tempGraceMs?: number;
}

export interface CheckReport extends LibraryCheck {
  /** Images (with their file present) that have no thumbnail. */
  missingThumbs: { imageId: string; sha256: string }[];
  /** With repair: thumbnails made again, and those that could not be (the file does not decode). */
  thumbsRegenerated: number;
  thumbsFailed: { imageId: string; message: string }[];
  /** One line per finding and per repair, for the CLI and the settings page. */
  summary: string[];
}

export async function checkLibrary(deps: CheckDeps, options: CheckOptions): Promise<CheckReport> {
  const base = await checkRowsAndFiles(deps.db, deps.store, {
    repair: options.repair,
    ...(options.tempGraceMs === undefined ? {} : { tempGraceMs: options.tempGraceMs }),
  });
  // After the base repair: adopted orphans got their thumbnails, removed rows need none.
  const rows = deps.db
    .prepare<[], { id: number; sha256: string; path: string }>('SELECT id, sha256, path FROM images')
    .all();
  const missingThumbs: CheckReport['missingThumbs'] = [];
  for (const row of rows) {
    if (!(await isFile(deps.store.absolute(row.path)))) continue;
    if (!(await isFile(deps.store.absolute(thumbRelPath(row.sha256)))))
      missingThumbs.push({ imageId: String(row.id), sha256: row.sha256 });
  }
  let thumbsRegenerated = 0;
  const thumbsFailed: CheckReport['thumbsFailed'] = [];
  if (options.repair) {
    for (const missing of missingThumbs) {
      try {
        await deps.store.thumbnail(missing.sha256);
        thumbsRegenerated++;
      } catch (error) {
        thumbsFailed.push({
          imageId: missing.imageId,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  const report: CheckReport = { ...base, missingThumbs, thumbsRegenerated, thumbsFailed, summary: [] };
  report.summary = summarise(report);
  return report;
}

function summarise(r: CheckReport): string[] {
  const lines = [`Checked ${r.checkedRows} image records and ${r.checkedFiles} image files.`];
  const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
  if (r.missingFiles.length > 0) {
    lines.push(
      r.repair
        ? `${plural(r.missingFiles.length, 'image record')} whose file was gone ${r.missingFiles.length === 1 ? 'was' : 'were'} removed from the library (their jobs and spend records are kept).`
        : `${plural(r.missingFiles.length, 'image record')} point${r.missingFiles.length === 1 ? 's' : ''} at a file that is gone; repair removes those records (jobs and spend stay).`,
    );
  }
  if (r.orphanFiles.length > 0) {
    if (r.repair) {
      lines.push(
        `${plural(r.repair.adopted.length, 'file')} with no record ${r.repair.adopted.length === 1 ? 'was' : 'were'} added back to the library as imported images.`,
      );
      if (r.repair.unreadable.length > 0)
        lines.push(
          `${plural(r.repair.unreadable.length, 'file')} with no record could not be read as images and ${r.repair.unreadable.length === 1 ? 'was' : 'were'} left in place: ${r.repair.unreadable.join(', ')}`,
        );
    } else {
      lines.push(
        `${plural(r.orphanFiles.length, 'file')} in the library folder ${r.orphanFiles.length === 1 ? 'has' : 'have'} no record; repair adds them back as imported images (nothing is deleted).`,
      );
    }
  }
  if (r.orphanThumbs.length > 0)
    lines.push(
      `${plural(r.orphanThumbs.length, 'thumbnail')} of no image${r.repair ? ' deleted' : '; repair deletes them'}.`,
    );
  if (r.tempFiles.length > 0)
    lines.push(
      `${plural(r.tempFiles.length, 'leftover temporary file')}${r.repair ? ' deleted' : '; repair deletes them'}.`,
    );
  if (r.missingThumbs.length > 0) {
    lines.push(
      r.repair
        ? `${plural(r.thumbsRegenerated, 'missing thumbnail')} made again.`
        : `${plural(r.missingThumbs.length, 'image')} without a thumbnail; repair makes them again.`,
    );
    for (const failed of r.thumbsFailed) lines.push(`Image ${failed.imageId}: no thumbnail (${failed.message})`);
  }
  if (lines.length === 1) lines.push('Everything is in order.');
  return lines;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
