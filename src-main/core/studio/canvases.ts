// Canvases: named boards of library images (position, size, z-order), saved whole.
import type { Canvas } from '../../../src-shared/domain.ts';
import type { CanvasItemInput } from '../storage/index.ts';
import type { StudioContext, StudioHandlers } from './context.ts';

export class CanvasCalls {
  readonly #ctx: StudioContext;

  constructor(ctx: StudioContext) {
    this.#ctx = ctx;
  }

  listCanvases(): Omit<Canvas, 'items'>[] {
    return this.#ctx.storage.canvases.list();
  }

  getCanvas(canvasId: string): Canvas {
    return this.#ctx.storage.canvases.get(canvasId);
  }

  createCanvas(name: string): Canvas {
    return this.#ctx.storage.canvases.create(name);
  }

  saveCanvas(canvasId: string, items: readonly CanvasItemInput[]): Canvas {
    return this.#ctx.storage.canvases.saveItems(canvasId, items);
  }

  deleteCanvas(canvasId: string): void {
    this.#ctx.storage.canvases.delete(canvasId);
  }
}

export function canvasHandlers(canvases: CanvasCalls) {
  return {
    'canvases.list': async () => ({ canvases: canvases.listCanvases() }),
    'canvases.get': async (req) => ({ canvas: canvases.getCanvas(req.canvasId) }),
    'canvases.create': async (req) => ({ canvas: canvases.createCanvas(req.name) }),
    'canvases.save': async (req) => ({
      canvas: canvases.saveCanvas(
        req.canvasId,
        req.items.map(({ id, ...rest }) => (id === undefined ? rest : { ...rest, id })),
      ),
    }),
    'canvases.delete': async (req) => {
      canvases.deleteCanvas(req.canvasId);
      return {};
    },
  } satisfies Pick<
    StudioHandlers,
    'canvases.list' | 'canvases.get' | 'canvases.create' | 'canvases.save' | 'canvases.delete'
  >;
}
