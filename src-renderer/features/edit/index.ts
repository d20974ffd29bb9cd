export { editOverlay } from './overlay.tsx';
