// The History tab: every prompt used, searchable, favourites, each with its latest image and
// model; a click restores that run's settings (the prompt panel offers Undo).
import { useEffect } from 'react';
import { findModel } from '../../../src-shared/models/index.ts';
import { imageUrl } from '../../api.ts';
import { useApp, appStore } from '../../store/index.ts';
import { loadPromptRuns, loadPrompts, restoreFromHistory, toggleFavorite } from './actions.ts';
import type { PromptEntry, PromptRun } from './historySlice.ts';
import './history.css';

function HistoryEntry({ entry, run }: { entry: PromptEntry; run: PromptRun | undefined }) {
  const model = run === undefined ? null : (findModel(run.modelId)?.label ?? run.modelId);
  return (
    <li className="prompt-entry">
      <button
        type="button"
        className="prompt-restore"
        onClick={() => void restoreFromHistory(entry)}
        title="Restore all settings of this run"
      >
        {run?.imageId ? (
          <img className="prompt-thumb" src={imageUrl(run.imageId, 'thumb')} alt="" loading="lazy" />
        ) : (
          <span className="prompt-thumb is-empty" aria-hidden="true" />
        )}
        <span className="prompt-body">
          <span className="prompt-text">{entry.prompt || '(no prompt)'}</span>
          {entry.negativePrompt && <span className="prompt-neg muted">− {entry.negativePrompt}</span>}
          {model !== null && (
            <span className="prompt-model" title={run?.modelId}>
              {model}
            </span>
          )}
          <span className="prompt-meta muted">
            used {entry.useCount}× · {new Date(entry.lastUsedAt).toLocaleString()}
          </span>
        </span>
      </button>
      <button
        type="button"
        className={`star${entry.favorite ? ' on' : ''}`}
        aria-pressed={entry.favorite}
        aria-label={`Favourite: ${entry.prompt}`}
        onClick={() => void toggleFavorite(entry)}
      >
        {entry.favorite ? '★' : '☆'}
      </button>
    </li>
  );
}

export function HistoryPanel() {
  const prompts = useApp((s) => s.prompts);
  const query = useApp((s) => s.historyQuery);
  const favoritesOnly = useApp((s) => s.historyFavoritesOnly);
  const jobCount = useApp((s) => s.jobOrder.length);
  const runs = useApp((s) => s.promptRuns);

  useEffect(() => {
    const timer = setTimeout(() => void loadPrompts(), 150);
    return () => clearTimeout(timer);
  }, [query, favoritesOnly, jobCount]);
  useEffect(() => {
    const timer = setTimeout(() => void loadPromptRuns(), 150);
    return () => clearTimeout(timer);
  }, [jobCount]);

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
            <HistoryEntry key={p.id} entry={p} run={runs[p.prompt]} />
          ))}
        </ul>
      )}
    </div>
  );
}
