// easel library list|search|show|tag|export: the image library through the facade.
import { resolve } from 'node:path';
import type { ImageQueryInput, ImageRecord } from '../../../src-shared/domain.ts';
import { DEFAULT_TEMPLATE, TEMPLATE_FIELDS } from '../../../src-shared/file-names.ts';
import { parseSearch } from '../../../src-shared/search-query.ts';
import type { Studio } from '../../core/studio/index.ts';
import { flag, int, oneOf, str, strs, UsageError, type OptionTable, type Values } from '../args.ts';
import { EXIT, imagePath, type Command, type CommandContext } from '../context.ts';
import { table } from '../io.ts';
import { optional } from './generate.ts';

const filterOptions: OptionTable = {
  limit: { type: 'string', value: 'N', help: 'at most N images (default 50, max 1000)' },
  model: { type: 'string', value: 'ID', help: 'only this model' },
  tag: { type: 'string', multiple: true, value: 'T', help: 'only images with this tag (repeatable, all must match)' },
  seed: { type: 'string', value: 'N', help: 'only this seed' },
  source: { type: 'string', value: 'S', help: 'generated, imported or edited' },
  favorite: { type: 'boolean', help: 'only favourites' },
  trashed: { type: 'boolean', help: 'the trash instead of the live library' },
  sort: { type: 'string', value: 'S', help: 'newest (default), oldest or rating' },
  from: { type: 'string', value: 'DATE', help: 'created on or after (ISO date)' },
  to: { type: 'string', value: 'DATE', help: 'created before (ISO date)' },
};

const LIST_SHAPE = `--json prints {"images": [{"imageId", "path", "prompt", "seed", "modelId", "createdAt", "tags"}]}
("path" is the absolute path of the stored file).`;

function query(values: Values, text?: string): ImageQueryInput {
  const seed = int(values, 'seed');
  return {
    ...optional('text', text),
    limit: int(values, 'limit', { min: 1, max: 1000 }) ?? 50,
    ...optional('modelId', str(values, 'model')),
    ...(strs(values, 'tag').length ? { tags: strs(values, 'tag') } : {}),
    ...optional('seed', seed),
    ...optional('source', oneOf(values, 'source', ['generated', 'imported', 'edited'] as const)),
    ...(flag(values, 'favorite') ? { favorite: true } : {}),
    ...(flag(values, 'trashed') ? { trashed: true } : {}),
    ...optional('sort', oneOf(values, 'sort', ['newest', 'oldest', 'rating'] as const)),
    ...optional('from', isoDate(values, 'from')),
    ...optional('to', isoDate(values, 'to')),
  };
}

function isoDate(values: Values, name: string): string | undefined {
  const text = str(values, name);
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be a date such as 2025-06-01, not "${text}".`);
  return date.toISOString();
}

export interface ListedImage {
  imageId: string;
  path: string;
  prompt: string | null;
  /** A seed beyond 2^53 (imported from ComfyUI, Fooocus…) is its exact decimal text. */
  seed: number | string | null;
  modelId: string | null;
  createdAt: string;
  tags: string[];
}

/** The image's seed, exact: the number, else the text an import read (64-bit seeds), else null. */
export function seedOf(image: ImageRecord): number | string | null {
  if (image.seed !== null) return image.seed;
  const text = (image.metadata as { seedText?: unknown } | null)?.seedText;
  return typeof text === 'string' && /^\d+$/.test(text) ? text : null;
}

function listed(studio: Studio, images: readonly ImageRecord[]): ListedImage[] {
  const tags = studio.tagsOf(images.map((i) => i.id));
  return images.map((i) => ({
    imageId: i.id,
    path: imagePath(studio, i),
    prompt: i.prompt,
    seed: seedOf(i),
    modelId: i.modelId,
    createdAt: i.createdAt,
    tags: tags.get(i.id) ?? [],
  }));
}

function printList(ctx: CommandContext, images: ListedImage[]): void {
  if (ctx.out.json) {
    ctx.out.result({ images });
    return;
  }
  if (images.length === 0) {
    ctx.out.print('No images.');
    return;
  }
  ctx.out.print(
    table([
      ['ID', 'CREATED', 'MODEL', 'SEED', 'TAGS', 'PROMPT'],
      ...images.map((i) => [
        i.imageId,
        i.createdAt.slice(0, 16).replace('T', ' '),
        i.modelId ?? '-',
        i.seed === null ? '-' : String(i.seed),
        i.tags.join(','),
        oneLine(i.prompt ?? '', 60),
      ]),
    ]),
  );
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export const libraryListCommand: Command = {
  name: 'library list',
  summary: 'List library images, newest first',
  usage: 'easel library list [--limit N] [--model ID] [--tag T]... [--seed N] [--favorite] [--trashed] [--json]',
  options: filterOptions,
  details: LIST_SHAPE,
  async run(ctx, { values, positionals }) {
    if (positionals.length)
      throw new UsageError(
        `unexpected argument "${positionals[0]}" (to search prompts: easel library search TEXT).`,
        'library list',
      );
    const studio = await ctx.openStudio();
    printList(ctx, listed(studio, studio.listImages(query(values)).images));
    return EXIT.ok;
  },
};

export const librarySearchCommand: Command = {
  name: 'library search',
  summary: 'Search library images as the app does: prompt words, #tag or tag:name, or a seed',
  usage: 'easel library search TEXT|#TAG|SEED [--limit N] [--model ID] [--tag T]... [--json]',
  options: filterOptions,
  details: LIST_SHAPE,
  async run(ctx, { values, positionals }) {
    const text = positionals.join(' ').trim();
    if (!text) throw new UsageError('give the text to search for.', 'library search');
    // The app's search box language: a whole number is a seed, #tag or tag:name a tag.
    const parsed = parseSearch(text);
    const base = query(values, parsed.text === '' ? undefined : parsed.text);
    const tags = [...(base.tags ?? []), ...parsed.tags];
    const studio = await ctx.openStudio();
    const request = {
      ...base,
      ...(tags.length > 0 ? { tags } : {}),
      ...(parsed.seed === null ? {} : { seed: parsed.seed }),
    };
    printList(ctx, listed(studio, studio.listImages(request).images));
    return EXIT.ok;
  },
};

export const libraryShowCommand: Command = {
  name: 'library show',
  summary: 'Show one image: prompt, parameters, file, tags, the job that made it',
  usage: 'easel library show IMAGE_ID [--json]',
  options: {},
  details: '--json prints {"image": {...the image record, "path", "tags"}, "job": {...} | null}',
  async run(ctx, { positionals }) {
    const [id, extra] = positionals;
    if (!id || extra !== undefined) throw new UsageError('give exactly one image id.', 'library show');
    const studio = await ctx.openStudio();
    const image = studio.getImage(id);
    const tags = studio.tagsOf([id]).get(id) ?? [];
    const job = image.generationId ? studio.getJob(image.generationId) : null;
    const full = { ...image, seed: seedOf(image), path: imagePath(studio, image), tags };
    if (ctx.out.json) {
      ctx.out.result({ image: full, job });
      return EXIT.ok;
    }
    const rows: [string, string][] = [
      ['id', image.id],
      ['file', full.path],
      ['size', `${image.width}x${image.height} ${image.format}, ${image.bytes} bytes`],
      ['created', image.createdAt],
      ['source', image.source],
      ['model', image.modelId ?? '-'],
      ['seed', String(seedOf(image) ?? '-')],
      ['prompt', image.prompt ?? '-'],
      ['negative', image.negativePrompt ?? '-'],
      ['tags', tags.join(', ') || '-'],
      ['favorite', image.favorite ? 'yes' : 'no'],
      ['rating', String(image.rating)],
    ];
    if (image.deletedAt) rows.push(['trashed', image.deletedAt]);
    if (job) rows.push(['job', `${job.id} (${job.status}, ${job.priceMicroUsd ?? 0} µUSD)`]);
    ctx.out.print(table(rows));
    return EXIT.ok;
  },
};

export const libraryTagCommand: Command = {
  name: 'library tag',
  summary: 'Add or remove tags on images',
  usage: 'easel library tag IMAGE_ID... [--add T[,T...]] [--remove T[,T...]] [--json]',
  options: {
    add: { type: 'string', multiple: true, value: 'TAGS', help: 'tags to add (comma-separated or repeated)' },
    remove: { type: 'string', multiple: true, value: 'TAGS', help: 'tags to remove' },
  },
  details: '--json prints {"images": [{"imageId", "tags"}]} (the tags after the change)',
  async run(ctx, { values, positionals }) {
    const add = strs(values, 'add');
    const remove = strs(values, 'remove');
    if (positionals.length === 0) throw new UsageError('give one or more image ids.', 'library tag');
    if (add.length === 0 && remove.length === 0) throw new UsageError('give --add and/or --remove.', 'library tag');
    const studio = await ctx.openStudio();
    for (const id of positionals) studio.getImage(id); // not-found before any change
    if (add.length) studio.addTags(positionals, add);
    if (remove.length) studio.removeTags(positionals, remove);
    const tags = studio.tagsOf(positionals);
    const images = positionals.map((id) => ({ imageId: id, tags: tags.get(id) ?? [] }));
    if (ctx.out.json) ctx.out.result({ images });
    else for (const i of images) ctx.out.print(`${i.imageId}: ${i.tags.join(', ') || '(no tags)'}`);
    return EXIT.ok;
  },
};

export const libraryExportCommand: Command = {
  name: 'library export',
  summary: 'Copy images (ids, a collection, or a search) to a folder with a naming template',
  usage:
    'easel library export [IMAGE_ID...] [--collection NAME|ID] [--tag T] --to DIR [--template T] [--no-metadata] [--sidecar] [--overwrite skip|rename|replace] [--json]',
  options: {
    to: { type: 'string', value: 'DIR', help: 'target folder (created when missing) — required' },
    collection: { type: 'string', value: 'C', help: 'export this collection (name or id), in its order' },
    tag: {
      type: 'string',
      multiple: true,
      value: 'T',
      help: 'export the images with these tags (when no ids are given)',
    },
    template: {
      type: 'string',
      value: 'T',
      help: `file name template, default "${DEFAULT_TEMPLATE}"; fields ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}; "/" makes subfolders`,
    },
    'no-metadata': { type: 'boolean', help: 'strip the generation metadata from the copies' },
    sidecar: { type: 'boolean', help: 'also write <name>.json beside each image' },
    overwrite: { type: 'string', value: 'P', help: 'when a name exists: rename (default), skip or replace' },
  },
  details:
    '--json prints {"folder", "files": [{"imageId", "status": "exported"|"skipped"|"failed", "file"?, "sidecar"?, "error"?}], "totals": {"exported", "skipped", "failed", "bytes"}}',
  async run(ctx, { values, positionals }) {
    const to = str(values, 'to');
    if (!to) throw new UsageError('--to DIR is required.', 'library export');
    const collection = str(values, 'collection');
    const tags = strs(values, 'tag');
    if (positionals.length === 0 && !collection && tags.length === 0)
      throw new UsageError('say what to export: image ids, --collection or --tag.', 'library export');
    const overwrite = oneOf(values, 'overwrite', ['skip', 'rename', 'replace'] as const);
    const studio = await ctx.openStudio();
    let collectionId: string | undefined;
    if (collection) {
      const found = studio.listCollections().find((c) => c.id === collection || c.name === collection);
      if (!found)
        throw new UsageError(
          `no collection named "${collection}" (see the app's library, or use its id).`,
          'library export',
        );
      collectionId = found.id;
    }
    const ids = positionals.length
      ? positionals
      : tags.length && !collectionId
        ? studio.listImages({ tags, limit: 1000 }).images.map((i) => i.id)
        : undefined;
    const progress = ctx.out.progress('Exporting', ids?.length ?? 0);
    const result = await studio.exportImages({
      ...optional('imageIds', ids),
      ...optional('collectionId', collectionId),
      folder: resolve(ctx.io.cwd, to),
      ...optional('template', str(values, 'template')),
      withMetadata: !flag(values, 'no-metadata'),
      sidecar: flag(values, 'sidecar'),
      ...optional('overwrite', overwrite),
      onProgress: ({ done }) => progress.update(done),
    });
    progress.finish();
    if (ctx.out.json) ctx.out.result(result);
    else {
      for (const f of result.files)
        if (f.status === 'failed') ctx.out.log(`failed ${f.imageId}: ${f.error?.message ?? ''}`);
      ctx.out.print(
        `${result.totals.exported} exported, ${result.totals.skipped} skipped, ${result.totals.failed} failed → ${result.folder}`,
      );
    }
    return result.totals.failed > 0 ? EXIT.failure : EXIT.ok;
  },
};
