// Top bar: app name (and the demo badge), views, canvas picker, the AWS session (SessionMenu:
// profile and region behind one button), today's and this month's spend, the budget badge, theme.
// Fits from 1024 px wide up: the spend figures move into the session menu below 1280 px (app.css).
import { createCanvas, openCanvas } from '../features/canvas/index.ts';
import { BudgetBadge } from '../features/spend/index.ts';
import { appStore, useApp } from '../store/index.ts';
import { SessionMenu, SpendFigures } from './SessionMenu.tsx';
import { ViewTabs } from './ViewTabs.tsx';

function CanvasPicker() {
  const canvases = useApp((s) => s.canvases);
  const canvasId = useApp((s) => s.activeCanvasId);
  return (
    <select
      className="canvas-picker"
      aria-label="Open canvas"
      value={canvasId ?? ''}
      onChange={(e) => {
        if (e.target.value === '__new') void createCanvas(`Canvas ${canvases.length + 1}`);
        else void openCanvas(e.target.value);
      }}
    >
      {canvases.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
      <option value="__new">New canvas…</option>
    </select>
  );
}

function ThemeToggle() {
  const theme = useApp((s) => s.theme);
  return (
    <button
      type="button"
      className="icon theme-toggle"
      aria-label={theme === 'dark' ? 'Use light theme' : 'Use dark theme'}
      title={theme === 'dark' ? 'Use light theme' : 'Use dark theme'}
      onClick={() => appStore.getState().setTheme(theme === 'dark' ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}

export function TopBar() {
  const view = useApp((s) => s.view);
  const info = useApp((s) => s.appInfo);
  return (
    <header className="top-bar">
      <span className="brand" data-testid="app-name">
        {info?.name ?? 'Easel'}
      </span>
      {info?.demoMode && (
        <span
          className="badge badge-demo"
          data-testid="app-version"
          title={`Easel ${info.version}: demo mode, Bedrock calls go to the local emulator`}
        >
          Demo<span className="demo-long"> mode</span>
          <span className="visually-hidden"> · Easel {info.version}</span>
        </span>
      )}
      <ViewTabs />
      {view === 'workspace' && <CanvasPicker />}
      <span className="spacer" />
      <SessionMenu />
      <SpendFigures />
      <BudgetBadge />
      <ThemeToggle />
    </header>
  );
}
