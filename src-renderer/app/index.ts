export { App, boot } from './App.tsx';
export { ROUTES, VIEW_IDS } from './routes.ts';
export type { RouteDef, ViewId } from './routes.ts';
