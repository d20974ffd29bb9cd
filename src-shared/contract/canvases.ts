// Canvases: boards of placed images, saved whole.
import { z } from 'zod';
import { CanvasSchema } from '../domain.ts';
import { defineCall, type CallMap } from './define.ts';
import { Empty, IdSchema } from './values.ts';

export const canvasCalls = {
  'canvases.list': defineCall({
    request: Empty,
    response: z.strictObject({ canvases: z.array(CanvasSchema.omit({ items: true })) }),
  }),
  'canvases.get': defineCall({
    request: z.strictObject({ canvasId: IdSchema }),
    response: z.strictObject({ canvas: CanvasSchema }),
  }),
  'canvases.create': defineCall({
    request: z.strictObject({ name: z.string().min(1).max(200) }),
    response: z.strictObject({ canvas: CanvasSchema }),
  }),
  /** Replaces the canvas's items (ids of existing items keep them; others are new). */
  'canvases.save': defineCall({
    request: z.strictObject({
      canvasId: IdSchema,
      items: z.array(CanvasSchema.shape.items.element.extend({ id: IdSchema.optional() })).max(10_000),
    }),
    response: z.strictObject({ canvas: CanvasSchema }),
  }),
  'canvases.delete': defineCall({ request: z.strictObject({ canvasId: IdSchema }), response: Empty }),
} as const satisfies CallMap;
