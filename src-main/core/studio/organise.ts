// Organising the library: the prompt history (favourites), tags and collections (ordered).
import type { Collection, PromptEntry, Tag } from '../../../src-shared/domain.ts';
import type { StudioContext, StudioHandlers } from './context.ts';

export class OrganiseCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  listPrompts(options: { text?: string; favoriteOnly?: boolean; limit?: number } = {}): PromptEntry[] {
    return this.#ctx.storage.prompts.list(options);
  }

  setPromptFavorite(promptId: string, favorite: boolean): void {
    this.#ctx.storage.prompts.setFavorite(promptId, favorite);
  }

  listTags(): Tag[] {
    return this.#ctx.storage.tags.list();
  }

  addTags(imageIds: readonly string[], names: readonly string[]): number {
    return this.#ctx.storage.tags.add(imageIds, names);
  }

  removeTags(imageIds: readonly string[], names: readonly string[]): number {
    return this.#ctx.storage.tags.remove(imageIds, names);
  }

  tagsOf(imageIds: readonly string[]): Map<string, string[]> {
    return this.#ctx.storage.tags.forImages(imageIds);
  }

  listCollections(): Collection[] {
    return this.#ctx.storage.collections.list();
  }

  createCollection(name: string): Collection {
    return this.#ctx.storage.collections.create(name);
  }

  collectionImageIds(collectionId: string): string[] {
    return this.#ctx.storage.collections.imageIds(collectionId);
  }

  addToCollection(collectionId: string, imageIds: readonly string[], index?: number): void {
    this.#ctx.storage.collections.add(collectionId, imageIds, index);
  }

  removeFromCollection(collectionId: string, imageIds: readonly string[]): void {
    this.#ctx.storage.collections.remove(collectionId, imageIds);
  }

  reorderCollection(collectionId: string, imageIds: readonly string[]): void {
    this.#ctx.storage.collections.reorder(collectionId, imageIds);
  }

  deleteCollection(collectionId: string): void {
    this.#ctx.storage.collections.delete(collectionId);
  }
}

export function organiseHandlers(organise: OrganiseCalls) {
  return {
    'prompts.list': async (req) => ({
      prompts: organise.listPrompts({
        limit: req.limit,
        ...(req.text === undefined ? {} : { text: req.text }),
        ...(req.favoriteOnly === undefined ? {} : { favoriteOnly: req.favoriteOnly }),
      }),
    }),
    'prompts.favorite': async (req) => {
      organise.setPromptFavorite(req.promptId, req.favorite);
      return {};
    },
    'images.tags': async (req) => ({ tags: Object.fromEntries(organise.tagsOf(req.imageIds)) }),
    'tags.list': async () => ({ tags: organise.listTags() }),
    'tags.add': async (req) => ({ count: organise.addTags(req.imageIds, req.names) }),
    'tags.remove': async (req) => ({ count: organise.removeTags(req.imageIds, req.names) }),
    'collections.list': async () => ({ collections: organise.listCollections() }),
    'collections.create': async (req) => ({ collection: organise.createCollection(req.name) }),
    'collections.delete': async (req) => {
      organise.deleteCollection(req.collectionId);
      return {};
    },
    'collections.items': async (req) => ({ imageIds: organise.collectionImageIds(req.collectionId) }),
    'collections.add': async (req) => {
      organise.addToCollection(req.collectionId, req.imageIds, req.index);
      return {};
    },
    'collections.remove': async (req) => {
      organise.removeFromCollection(req.collectionId, req.imageIds);
      return {};
    },
    'collections.reorder': async (req) => {
      organise.reorderCollection(req.collectionId, req.imageIds);
      return {};
    },
  } satisfies Pick<
    StudioHandlers,
    | 'prompts.list'
    | 'prompts.favorite'
    | 'images.tags'
    | 'tags.list'
    | 'tags.add'
    | 'tags.remove'
    | 'collections.list'
    | 'collections.create'
    | 'collections.delete'
    | 'collections.items'
    | 'collections.add'
    | 'collections.remove'
    | 'collections.reorder'
  >;
}
