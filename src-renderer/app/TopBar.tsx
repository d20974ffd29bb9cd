// Top bar: app name, views, canvas picker, profile, region, today's and this month's spend, theme.
import type { KeyboardEvent } from 'react';
import { formatUsd } from '../../src-shared/money.ts';
import { appStore, useApp } from '../store/index.ts';
import { createCanvas, openCanvas } from '../features/canvas/index.ts';
import { loadModels } from '../features/prompt/index.ts';
import { regionChoices } from '../features/session/index.ts';
import { ROUTES } from './routes.ts';
import { BudgetBadge } from '../features/spend/index.ts';
import { prefetchLibrary } from '../features/library/index.ts';

/** Arrow keys, Home and End move between the view tabs (WAI-ARIA tabs, automatic activation). */
function onTabKey(e: KeyboardEvent<HTMLDivElement>): void {
  const current = ROUTES.findIndex((r) => r.id === appStore.getState().view);
  const last = ROUTES.length - 1;
  const next =
    e.key === 'ArrowRight'
      ? current >= last
        ? 0
        : current + 1
      : e.key === 'ArrowLeft'
        ? current <= 0
          ? last
          : current - 1
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? last
            : null;
  const route = next === null ? undefined : ROUTES[next];
  if (!route) return;
  e.preventDefault();
  appStore.getState().setView(route.id);
  document.getElementById(`view-tab-${route.id}`)?.focus();
}

export function TopBar() {
  const view = useApp((s) => s.view);
  const info = useApp((s) => s.appInfo);
  const profiles = useApp((s) => s.profiles);
  const profile = useApp((s) => s.profile);
  const region = useApp((s) => s.region);
  const spend = useApp((s) => s.spend);
  const theme = useApp((s) => s.theme);
  const canvases = useApp((s) => s.canvases);
  const canvasId = useApp((s) => s.activeCanvasId);
  const regions = regionChoices(region);
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
          v{info.version} · demo mode
        </span>
      )}
      <nav aria-label="Views">
        <div role="tablist" aria-label="Views" className="views" onKeyDown={onTabKey}>
          {ROUTES.map((r) => (
            <button
              key={r.id}
              id={`view-tab-${r.id}`}
              type="button"
              role="tab"
              aria-selected={view === r.id}
              aria-controls="view-panel"
              tabIndex={view === r.id ? 0 : -1}
              onClick={() => appStore.getState().setView(r.id)}
              onPointerEnter={r.id === 'library' ? () => void prefetchLibrary() : undefined}
            >
              {r.label}
            </button>
          ))}
        </div>
      </nav>
      {view === 'workspace' && (
        <label className="inline">
          <span className="visually-hidden">Canvas</span>
          <select
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
        </label>
      )}
      <span className="spacer" />
      <label className="inline">
        <span className="muted">Profile</span>
        <select
          data-testid="profiles"
          value={profile ?? ''}
          onChange={(e) => {
            const next = profiles.find((p) => p.name === e.target.value);
            appStore.setState({ profile: next?.name ?? null, region: next?.region ?? appStore.getState().region });
            void loadModels();
          }}
        >
          {profiles.length === 0 && <option value="">No AWS profile</option>}
          {profiles.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name} ({p.kind}
              {p.region === null ? '' : `, ${p.region}`}){p.isDefault ? ' · default' : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <span className="muted">Region</span>
        <select
          value={region ?? ''}
          onChange={(e) => {
            appStore.getState().setRegion(e.target.value === '' ? null : e.target.value);
            void loadModels();
          }}
        >
          <option value="">Profile default</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <span className="spend" data-testid="spend" aria-label="Spend">
        <span>
          <span className="muted">Today</span> {spend ? formatUsd(spend.todayMicroUsd) : '—'}
        </span>
        <span>
          <span className="muted">Month</span> {spend ? formatUsd(spend.monthMicroUsd) : '—'}
        </span>
      </span>
      <BudgetBadge />
      <button
        type="button"
        className="icon"
        aria-label={theme === 'dark' ? 'Use light theme' : 'Use dark theme'}
        onClick={() => appStore.getState().setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
