export { LibraryView } from './LibraryView.tsx';
export { createLibrarySlice } from './library-store.ts';
export type { LibrarySlice } from './library-store.ts';
export { prefetchLibrary, startLibraryPrefetch } from './prefetch.ts';
