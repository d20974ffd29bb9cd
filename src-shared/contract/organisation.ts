// Organising the library: the prompt history, tags and collections.
import { z } from 'zod';
import { CollectionSchema, PromptEntrySchema, TagSchema } from '../domain.ts';
import { defineCall, type CallMap } from './define.ts';
import { Empty, IdSchema } from './values.ts';

export const organisationCalls = {
  'prompts.list': defineCall({
    request: z.strictObject({
      text: z.string().max(1000).optional(),
      favoriteOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    response: z.strictObject({ prompts: z.array(PromptEntrySchema) }),
  }),
  'prompts.favorite': defineCall({
    request: z.strictObject({ promptId: IdSchema, favorite: z.boolean() }),
    response: Empty,
  }),
  'tags.list': defineCall({ request: Empty, response: z.strictObject({ tags: z.array(TagSchema) }) }),
  'tags.add': defineCall({
    request: z.strictObject({
      imageIds: z.array(IdSchema).min(1).max(10_000),
      names: z.array(z.string().min(1).max(100)).min(1).max(50),
    }),
    response: z.strictObject({ count: z.number().int().min(0) }),
  }),
  'tags.remove': defineCall({
    request: z.strictObject({
      imageIds: z.array(IdSchema).min(1).max(10_000),
      names: z.array(z.string().min(1).max(100)).min(1).max(50),
    }),
    response: z.strictObject({ count: z.number().int().min(0) }),
  }),
  'collections.list': defineCall({
    request: Empty,
    response: z.strictObject({ collections: z.array(CollectionSchema) }),
  }),
  'collections.create': defineCall({
    request: z.strictObject({ name: z.string().min(1).max(200) }),
    response: z.strictObject({ collection: CollectionSchema }),
  }),
  'collections.delete': defineCall({ request: z.strictObject({ collectionId: IdSchema }), response: Empty }),
  /** The collection's image ids, in order. */
  'collections.items': defineCall({
    request: z.strictObject({ collectionId: IdSchema }),
    response: z.strictObject({ imageIds: z.array(IdSchema) }),
  }),
  'collections.add': defineCall({
    request: z.strictObject({
      collectionId: IdSchema,
      imageIds: z.array(IdSchema).min(1).max(10_000),
      index: z.number().int().min(0).optional(),
    }),
    response: Empty,
  }),
  'collections.remove': defineCall({
    request: z.strictObject({ collectionId: IdSchema, imageIds: z.array(IdSchema).min(1).max(10_000) }),
    response: Empty,
  }),
  /** The full new order of the collection's images. */
  'collections.reorder': defineCall({
    request: z.strictObject({ collectionId: IdSchema, imageIds: z.array(IdSchema).max(100_000) }),
    response: Empty,
  }),
} as const satisfies CallMap;
