export { ChatPanel } from './ChatPanel.tsx';
export { openChat } from './actions.ts';
