// Wheel on the canvas: the inputs of a frame are applied together and the viewport written once
// per animation frame (wheel.ts). A native listener: React's wheel listener is passive, and the
// page must not scroll or zoom.
import { useEffect } from 'react';
import type { RefObject } from 'react';
import { appStore } from '../../store/index.ts';
import { applyWheel, WheelBatch, wheelInput } from './wheel.ts';

const animationFrames = {
  request: (callback: () => void) => requestAnimationFrame(callback),
  cancel: (handle: number) => cancelAnimationFrame(handle),
};

export function useWheelViewport(containerRef: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const batch = new WheelBatch(animationFrames, (inputs) => {
      const state = appStore.getState();
      state.setViewport(applyWheel(state.viewport, inputs));
    });
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const box = el.getBoundingClientRect();
      batch.push(wheelInput(e, { x: e.clientX - box.left, y: e.clientY - box.top }));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      el.removeEventListener('wheel', onWheel);
      batch.dispose();
    };
  }, [containerRef]);
}
