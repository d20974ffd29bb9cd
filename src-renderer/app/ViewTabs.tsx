// The view tabs of the top bar (WAI-ARIA tabs, automatic activation): arrow keys, Home and End
// move between them.
import type { KeyboardEvent } from 'react';
import { prefetchLibrary } from '../features/library/index.ts';
import { appStore, useApp } from '../store/index.ts';
import { ROUTES } from './routes.ts';

function nextIndex(key: string, current: number, last: number): number | null {
  if (key === 'ArrowRight') return current >= last ? 0 : current + 1;
  if (key === 'ArrowLeft') return current <= 0 ? last : current - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return null;
}

function onTabKey(e: KeyboardEvent<HTMLDivElement>): void {
  const current = ROUTES.findIndex((r) => r.id === appStore.getState().view);
  const next = nextIndex(e.key, current, ROUTES.length - 1);
  const route = next === null ? undefined : ROUTES[next];
  if (!route) return;
  e.preventDefault();
  appStore.getState().setView(route.id);
  document.getElementById(`view-tab-${route.id}`)?.focus();
}

export function ViewTabs() {
  const view = useApp((s) => s.view);
  return (
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
  );
}
