// The combined state type and the slice-creator type every feature slice uses.
//
// The store sits below the features, so this file imports none of them: each slice file adds its
// slice to AppState by declaration merging,
//   declare module '../../store/types.ts' { interface AppState extends CanvasSlice {} }
// and store/index.ts composes the slices' creators. A slice missing from that composition is a type
// error there (the composed object must be a whole AppState).
import type { StateCreator } from 'zustand';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the slices (declaration merging)
export interface AppState {}

/** Middleware is applied once, on the combined store (store/index.ts). */
export type SliceCreator<T> = StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], T>;
