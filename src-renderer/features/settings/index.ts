export { SettingsView, SETTING_KEYS } from './SettingsView.tsx';
export { adviceFor } from './connection.ts';
export type { Advice } from './connection.ts';
