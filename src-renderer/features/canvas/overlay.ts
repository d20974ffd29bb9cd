// The canvas's overlay slot: what another feature lays over the canvas (the edit feature's mask
// brush and outpaint frame) without the canvas importing it. The app hands one to CanvasView.
import type { ComponentType } from 'react';
import type { AppState } from '../../store/index.ts';
import type { Point, Viewport } from './viewport.ts';

/** The pointer after a press the overlay took: each move, in world units. */
export interface OverlayGesture {
  move(world: Point): void;
}

export interface CanvasOverlay {
  /** Konva layers drawn over the images and under the selection frames, inside the stage. */
  readonly Layers: ComponentType<{ viewport: Viewport }>;
  /** Shown under the stage, above the canvas toolbar (the edit bar). */
  readonly Panel: ComponentType;
  /** The most height (px) the panel may take once shown and opened: Fit leaves that room below. */
  readonly panelRoom: number;
  /** Whether the overlay has the pointer now; the stage then carries `pointerClass` (its cursor). */
  readonly hasPointer: (state: AppState) => boolean;
  readonly pointerClass: string;
  /** A primary-button press at a world point: the gesture when the overlay takes it, else null. */
  readonly pointerDown: (world: Point) => OverlayGesture | null;
  /** Escape on the canvas: true when the overlay used it (else the canvas clears the selection). */
  readonly escape: () => boolean;
}
