// The application menu as a plain template (standard roles and shortcuts), tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  about(): void;
  importImages(): void;
  openDataFolder(): void;
}

export function buildMenuTemplate(args: {
  appName: string;
  isMac: boolean;
  isDev: boolean;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { appName, isMac, isDev, actions } = args;
  const about: MenuItemConstructorOptions = { label: `About ${appName}`, click: () => actions.about() };
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        about,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: 'File',
    submenu: [
      { label: 'Import Images…', accelerator: 'CmdOrCtrl+I', click: () => actions.importImages() },
      { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'delete' },
      { role: 'selectAll' },
    ],
  });
  const view: MenuItemConstructorOptions[] = [{ role: 'reload' }, { role: 'forceReload' }];
  if (isDev) view.push({ role: 'toggleDevTools' });
  view.push(
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  );
  template.push({ label: 'View', submenu: view });
  template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    submenu: isMac ? [{ label: 'Easel on the web', click: () => actions.about() }] : [about],
  });
  return template;
}
