// easel import [--in-place] [--recursive] PATH…: images into the library (copied, or indexed where
// they are), reading their generation metadata.
import { resolve } from 'node:path';
import { UsageError } from '../args.ts';
import { EXIT, type Command } from '../context.ts';
import type { ImportFileResult } from '../../core/studio/index.ts';

/** One element of `import --json`: the facade's result (metadata without the repeated seedText), the path as given. */
export interface ImportOutput {
  file: string;
  status: 'imported' | 'failed';
  imageId?: string;
  error?: string;
  errorCode?: string;
  metadata?: Omit<NonNullable<ImportFileResult['metadata']>, 'seedText'>;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import image files (PNG, JPEG, WebP) with their prompts and settings',
  usage: 'easel import [--in-place] [--recursive] PATH... [--json]',
  options: {
    'in-place': {
      type: 'boolean',
      help: 'index the files where they are (no copy); a folder given is watched by the app for new images',
    },
    recursive: { type: 'boolean', short: 'r', help: 'take the images in folders and all their subfolders' },
  },
  details: `Reads the metadata of AUTOMATIC1111/Forge, ComfyUI, InvokeAI, NovelAI, Fooocus and Easel.
A bad file gets its own error; the others are still imported. Exit code 1 when any file failed.
A folder is refused without --recursive, except with --in-place (then its own images are indexed).

--json prints an array, one object per file:
  [{"file", "status": "imported"|"failed", "imageId"?, "error"?, "errorCode"?, "metadata"?: {"sourceTool",
    "prompt", "negativePrompt", "seed", "steps", "cfgScale", "sampler", "scheduler", "model", "width", "height"}}]`,
  async run(ctx, { values, positionals }) {
    if (positionals.length === 0) throw new UsageError('give one or more image files or folders.', 'import');
    const studio = await ctx.openStudio();
    const files = positionals.map((f) => resolve(ctx.io.cwd, f));
    // Each result names the path as given; a file found inside a folder, its full path.
    const given = new Map(files.map((file, i) => [file, positionals[i] ?? file]));
    const progress = ctx.out.progress('Importing', files.length);
    const results: ImportOutput[] = [];
    // The facade keeps per-file errors; its progress callback moves the bar after each file.
    await studio.importFiles(files, {
      inPlace: values['in-place'] === true,
      recurse: values.recursive === true,
      onProgress: ({ done, total, result: r }) => {
        const file = given.get(r.file) ?? r.file;
        const m = r.metadata;
        results.push({
          file,
          status: r.status,
          ...(r.imageId ? { imageId: r.imageId } : {}),
          ...(r.error ? { error: r.error.message, errorCode: r.error.code } : {}),
          ...(m ? { metadata: withoutSeedText(m) } : {}),
        });
        progress.update(done, total === files.length ? undefined : `of ${total} files`);
        if (!ctx.out.json) {
          const line =
            r.status === 'imported'
              ? `imported ${file} → ${r.imageId}${m ? ` (${m.sourceTool}${m.prompt ? `: ${m.prompt.slice(0, 50)}` : ''})` : ''}`
              : `failed ${file}: ${r.error?.message ?? ''}`;
          progress.log(line);
        }
      },
    });
    progress.finish();
    if (ctx.out.json) ctx.out.result(results);
    else
      ctx.out.print(
        `${results.filter((r) => r.status === 'imported').length} imported, ${results.filter((r) => r.status === 'failed').length} failed.`,
      );
    return results.every((r) => r.status === 'imported') ? EXIT.ok : EXIT.failure;
  },
};

/** `seed` already holds a large seed's exact text; the JSON output does not repeat it. */
function withoutSeedText(metadata: NonNullable<ImportFileResult['metadata']>): NonNullable<ImportOutput['metadata']> {
  const { seedText: _seedText, ...rest } = metadata;
  return rest;
}
