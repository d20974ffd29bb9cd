// easel library collection create|add|list|remove: ordered collections (asset packs) from scripts,
// so `library export --collection NAME` works without the app.
import type { Collection } from '../../../src-shared/domain.ts';
import type { Studio } from '../../core/studio/index.ts';
import { UsageError } from '../args.ts';
import { EXIT, type Command } from '../context.ts';
import { table } from '../io.ts';

const ACTIONS = ['create', 'add', 'list', 'remove'] as const;
type Action = (typeof ACTIONS)[number];

/** A collection by id or exact name; a usage error naming the ones there are when none matches. */
function findCollection(studio: Studio, nameOrId: string): Collection {
  const all = studio.listCollections();
  const found = all.find((c) => c.id === nameOrId) ?? all.find((c) => c.name === nameOrId);
  if (found) return found;
  const known = all.map((c) => `"${c.name}"`).join(', ');
  throw new UsageError(
    `no collection named "${nameOrId}"${known ? ` (there are: ${known})` : ''}; create it with easel library collection create NAME.`,
    'library collection',
  );
}

function imageIdsOf(studio: Studio, ids: readonly string[], action: Action): string[] {
  if (ids.length === 0) throw new UsageError(`${action}: give one or more image ids.`, 'library collection');
  for (const id of ids) studio.getImage(id); // not-found before any change
  return [...ids];
}

export const libraryCollectionCommand: Command = {
  name: 'library collection',
  summary: 'Create collections and add, list or remove their images (in order)',
  usage:
    'easel library collection create NAME | add COLLECTION IMAGE_ID... | list [COLLECTION] | remove COLLECTION IMAGE_ID... [--json]',
  options: {},
  details: `COLLECTION is a collection's name or id. "add" appends in the order given (an image already in it stays
where it is); "remove" takes images out of the collection (the images stay in the library).
--json prints {"collection": {"id", "name", "createdAt", "imageCount"}, "imageIds": [...]} for one
collection, or {"collections": [...]} for "list" without a collection.`,
  async run(ctx, { positionals }) {
    const [action, target, ...rest] = positionals;
    if (action === undefined || !(ACTIONS as readonly string[]).includes(action))
      throw new UsageError(`say what to do: ${ACTIONS.join(', ')}.`, 'library collection');
    const studio = await ctx.openStudio();
    if (action === 'list' && target === undefined) {
      const collections = studio.listCollections();
      if (ctx.out.json) ctx.out.result({ collections });
      else if (collections.length === 0) ctx.out.print('No collections.');
      else
        ctx.out.print(
          table([['ID', 'IMAGES', 'NAME'], ...collections.map((c) => [c.id, String(c.imageCount), c.name])]),
        );
      return EXIT.ok;
    }
    if (target === undefined || target.trim() === '')
      throw new UsageError(
        `${action}: give the collection's name${action === 'create' ? '' : ' or id'}.`,
        'library collection',
      );
    let collection: Collection;
    if (action === 'create') {
      if (rest.length > 0)
        throw new UsageError('create takes one name (quote a name with spaces).', 'library collection');
      collection = studio.createCollection(target);
    } else {
      collection = findCollection(studio, target);
      if (action === 'add') studio.addToCollection(collection.id, imageIdsOf(studio, rest, action));
      if (action === 'remove') studio.removeFromCollection(collection.id, imageIdsOf(studio, rest, action));
      if (action === 'list' && rest.length > 0)
        throw new UsageError('list takes at most one collection.', 'library collection');
      collection = findCollection(studio, collection.id);
    }
    const imageIds = studio.collectionImageIds(collection.id);
    if (ctx.out.json) ctx.out.result({ collection, imageIds });
    else
      ctx.out.print(
        `${collection.name} (id ${collection.id}): ${imageIds.length} image(s)${imageIds.length ? `: ${imageIds.join(', ')}` : ''}`,
      );
    return EXIT.ok;
  },
};
