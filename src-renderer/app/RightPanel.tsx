// History / Layers / Queue tabs (WAI-ARIA tabs: arrow keys move between tabs). The Queue tab shows
// camera paths (video) above the image jobs.
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { appStore, useApp } from '../store/index.ts';
import { HistoryPanel } from '../features/history/index.ts';
import { LayersPanel } from '../features/layers/index.ts';
import { isActive, QueuePanel } from '../features/queue/index.ts';
import { openChat } from '../features/chat/index.ts';
import { useActiveVideoCount, VideoQueue } from '../features/video/index.ts';
import type { RightTab } from './appSlice.ts';

const TABS: { id: RightTab; label: string }[] = [
  { id: 'history', label: 'History' },
  { id: 'layers', label: 'Layers' },
  { id: 'queue', label: 'Queue' },
];

export function RightPanel() {
  const tab = useApp((s) => s.rightTab);
  const activeImages = useApp((s) => s.jobOrder.reduce((n, id) => n + (s.jobs[id] && isActive(s.jobs[id]) ? 1 : 0), 0));
  const active = activeImages + useActiveVideoCount();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab);
    const next =
      e.key === 'ArrowRight'
        ? index + 1
        : e.key === 'ArrowLeft'
          ? index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length];
    if (!target) return;
    appStore.getState().setRightTab(target.id);
    refs.current[TABS.indexOf(target)]?.focus();
  };
  return (
    <aside className="right-panel" aria-label="History, layers and queue">
      <div className="tabs-row">
        <div role="tablist" aria-label="Side panel" className="tabs" onKeyDown={onKeyDown}>
          {TABS.map((t, i) => (
            <button
              key={t.id}
              ref={(el) => {
                refs.current[i] = el;
              }}
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls={`panel-${t.id}`}
              tabIndex={tab === t.id ? 0 : -1}
              className="tab"
              onClick={() => appStore.getState().setRightTab(t.id)}
            >
              {t.label}
              {t.id === 'queue' && active > 0 && (
                <span className="count" aria-label={`${active} active`}>
                  {active}
                </span>
              )}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="new-chat"
          title="Talk to Nova 2 Omni from text; to talk about an image, select it and press Chat"
          onClick={() => void openChat(null)}
        >
          New chat
        </button>
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel" tabIndex={-1}>
        {tab === 'history' ? (
          <HistoryPanel />
        ) : tab === 'layers' ? (
          <LayersPanel />
        ) : (
          <>
            <VideoQueue />
            <QueuePanel />
          </>
        )}
      </div>
    </aside>
  );
}
