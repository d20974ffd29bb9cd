export { HistoryPanel } from './HistoryPanel.tsx';
export { reuseSeed, reuseSettings } from './actions.ts';
