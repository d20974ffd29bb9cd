// easel import FILES…: copy images into the library, reading their generation metadata.
import { resolve } from 'node:path';
import { UsageError } from '../args.ts';
import { EXIT, type Command } from '../context.ts';

export interface ImportOutput {
  file: string;
  status: 'imported' | 'failed';
  imageId?: string;
  error?: string;
  errorCode?: string;
  metadata?: {
    sourceTool: string;
    prompt: string | null;
    negativePrompt: string | null;
    /** A number, or the exact decimal text when the seed is beyond 2^53. */
    seed: number | string | null;
    steps: number | null;
    cfgScale: number | null;
    sampler: string | null;
    model: string | null;
    width: number | null;
    height: number | null;
  };
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import image files (PNG, JPEG, WebP) with their prompts and settings',
  usage: 'easel import FILE... [--json]',
  options: {},
  details: `Reads the metadata of AUTOMATIC1111/Forge, ComfyUI, InvokeAI, NovelAI, Fooocus and Easel.
A bad file gets its own error; the others are still imported. Exit code 1 when any file failed.

--json prints an array, one object per file:
  [{"file", "status": "imported"|"failed", "imageId"?, "error"?, "errorCode"?, "metadata"?: {"sourceTool",
    "prompt", "negativePrompt", "seed", "steps", "cfgScale", "sampler", "model", "width", "height"}}]`,
  async run(ctx, { positionals }) {
    if (positionals.length === 0) throw new UsageError('give one or more image files.', 'import');
    const studio = await ctx.openStudio();
    const files = positionals.map((f) => resolve(ctx.io.cwd, f));
    const progress = ctx.out.progress('Importing', files.length);
    const results: ImportOutput[] = [];
    // One file at a time so the bar moves; the facade keeps per-file errors.
    for (const [index, file] of files.entries()) {
      const [r] = await studio.importFiles([file]);
      const given = positionals[index] ?? file;
      if (!r) continue;
      const m = r.metadata;
      results.push({
        file: given,
        status: r.status,
        ...(r.imageId ? { imageId: r.imageId } : {}),
        ...(r.error ? { error: r.error.message, errorCode: r.error.code } : {}),
        ...(m
          ? {
              metadata: {
                sourceTool: m.sourceTool,
                prompt: m.prompt ?? null,
                negativePrompt: m.negativePrompt ?? null,
                seed: m.seed ?? m.seedText ?? null,
                steps: m.steps ?? null,
                cfgScale: m.cfgScale ?? null,
                sampler: m.sampler ?? null,
                model: m.model ?? null,
                width: m.width ?? null,
                height: m.height ?? null,
              },
            }
          : {}),
      });
      progress.update(index + 1);
      if (!ctx.out.json) {
        const line = r.status === 'imported' ? `imported ${given} → ${r.imageId}${m ? ` (${m.sourceTool}${m.prompt ? `: ${m.prompt.slice(0, 50)}` : ''})` : ''}` : `failed ${given}: ${r.error?.message ?? ''}`;
        progress.log(line);
      }
    }
    progress.finish();
    if (ctx.out.json) ctx.out.result(results);
    else ctx.out.print(`${results.filter((r) => r.status === 'imported').length} imported, ${results.filter((r) => r.status === 'failed').length} failed.`);
    return results.every((r) => r.status === 'imported') ? EXIT.ok : EXIT.failure;
  },
};
