import { useSyncExternalStore } from 'react';
import { scene } from './scene.ts';

/** Re-renders the component on every scene change; the scene's version number. */
export function useSceneVersion(): number {
  return useSyncExternalStore(scene.subscribe, scene.getVersion);
}
