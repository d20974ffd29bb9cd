export { Dialog } from './Dialog.tsx';
export { LibraryView } from './LibraryView.tsx';
export { prefetchLibrary, startLibraryPrefetch } from './prefetch.ts';
