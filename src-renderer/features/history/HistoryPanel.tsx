// The History tab: every prompt used, searchable, favourites; a click restores that run's settings.
import { useEffect } from 'react';
import { useApp, appStore } from '../../store/index.ts';
import { loadPrompts, restoreFromHistory, toggleFavorite } from './actions.ts';
import './history.css';

export function HistoryPanel() {
  const prompts = useApp((s) => s.prompts);
  const query = useApp((s) => s.historyQuery);
  const favoritesOnly = useApp((s) => s.historyFavoritesOnly);
  const jobCount = useApp((s) => s.jobOrder.length);

  useEffect(() => {
    const timer = setTimeout(() => void loadPrompts(), 150);
    return () => clearTimeout(timer);
  }, [query, favoritesOnly, jobCount]);

  return (
    <div className="history-panel">
      <div className="history-filters">
        <input
          type="search"
          aria-label="Search prompts"
          placeholder="Search prompts"
          value={query}
          onChange={(e) => appStore.getState().setHistoryQuery(e.target.value)}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={favoritesOnly}
            onChange={(e) => appStore.getState().setHistoryFavoritesOnly(e.target.checked)}
          />
          Favourites only
        </label>
      </div>
      {prompts.length === 0 ? (
        <p className="empty muted">{query || favoritesOnly ? 'No prompt matches.' : 'Prompts you use appear here.'}</p>
      ) : (
        <ul className="prompt-list" aria-label="Prompt history">
          {prompts.map((p) => (
            <li key={p.id} className="prompt-entry">
              <button
                type="button"
                className="prompt-restore"
                onClick={() => void restoreFromHistory(p)}
                title="Restore all settings of this run"
              >
                <span className="prompt-text">{p.prompt || '(no prompt)'}</span>
                {p.negativePrompt && <span className="prompt-neg muted">− {p.negativePrompt}</span>}
                <span className="prompt-meta muted">
                  used {p.useCount}× · {new Date(p.lastUsedAt).toLocaleString()}
                </span>
              </button>
              <button
                type="button"
                className={`star${p.favorite ? ' on' : ''}`}
                aria-pressed={p.favorite}
                aria-label={`Favourite: ${p.prompt}`}
                onClick={() => void toggleFavorite(p)}
              >
                {p.favorite ? '★' : '☆'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
