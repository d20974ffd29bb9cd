export { App, boot } from './App.tsx';
export { VIEW_IDS } from './appSlice.ts';
export type { ViewId } from './appSlice.ts';
export { ROUTES } from './routes.ts';
export type { RouteDef } from './routes.ts';
