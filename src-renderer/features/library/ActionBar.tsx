// What can be done with the selection: tag, collect, favourite, rate, export, drag, trash.
import { useState } from 'react';
import type { FormEvent } from 'react';

interface Props {
  /** null: every image matching the filters (count not known until all pages are loaded). */
  count: number | null;
  trashView: boolean;
  collections: { id: string; name: string }[];
  onTag: (names: string[]) => void;
  onUntag: (names: string[]) => void;
  onCollect: (collectionId: string | 'new', newName?: string) => void;
  onFavorite: (favorite: boolean) => void;
  onRate: (rating: number) => void;
  onExport: () => void;
  onTrash: () => void;
  onRestore: () => void;
  onPurge: () => void;
  onSelectAll: () => void;
  onClear: () => void;
  revealAvailable: boolean;
  onReveal: () => void;
}

export function ActionBar(props: Props) {
  const [tagText, setTagText] = useState('');
  const [newCollection, setNewCollection] = useState<string | null>(null);
  const names = () =>
    tagText
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .slice(0, 50);
  const submitTag = (event: FormEvent) => {
    event.preventDefault();
    const list = names();
    if (list.length) props.onTag(list);
    setTagText('');
  };
  const none = props.count === 0;
  return (
    <div className="lib-actions" role="toolbar" aria-label="Selection actions">
      <span className="lib-count" aria-live="polite">
        {props.count === null
          ? 'All matching images selected'
          : props.count === 0
            ? 'Nothing selected'
            : `${props.count.toLocaleString()} selected`}
      </span>
      <button
        type="button"
        className="btn-quiet"
        onClick={props.onSelectAll}
        title="Every image matching the search and filters, not only those loaded"
      >
        Select all
      </button>
      <button type="button" className="btn-quiet" onClick={props.onClear} disabled={none}>
        Clear
      </button>
      <span className="lib-sep" />
      {props.trashView ? (
        <>
          <button type="button" onClick={props.onRestore} disabled={none}>
            Restore
          </button>
          <button type="button" className="btn-danger" onClick={props.onPurge} disabled={none}>
            Delete permanently…
          </button>
        </>
      ) : (
        <>
          <form onSubmit={submitTag} className="lib-tagform">
            <input
              aria-label="Tags to add"
              placeholder="tag, another"
              value={tagText}
              onChange={(e) => setTagText(e.target.value)}
              disabled={none}
            />
            <button type="submit" disabled={none || names().length === 0}>
              Tag
            </button>
            <button
              type="button"
              className="btn-quiet"
              disabled={none || names().length === 0}
              onClick={() => {
                props.onUntag(names());
                setTagText('');
              }}
            >
              Untag
            </button>
          </form>
          <select
            aria-label="Add to collection"
            value=""
            disabled={none}
            onChange={(e) => {
              const value = e.target.value;
              if (value === 'new') setNewCollection('');
              else if (value) props.onCollect(value);
            }}
          >
            <option value="">Add to collection…</option>
            {props.collections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
            <option value="new">New collection…</option>
          </select>
          {newCollection !== null ? (
            <form
              className="lib-tagform"
              onSubmit={(e) => {
                e.preventDefault();
                if (newCollection.trim()) props.onCollect('new', newCollection.trim());
                setNewCollection(null);
              }}
            >
              <input
                aria-label="New collection name"
                autoFocus
                value={newCollection}
                onChange={(e) => setNewCollection(e.target.value)}
                onKeyDown={(e) => e.key === 'Escape' && setNewCollection(null)}
              />
              <button type="submit" disabled={!newCollection.trim()}>
                Create
              </button>
            </form>
          ) : null}
          <button type="button" onClick={() => props.onFavorite(true)} disabled={none}>
            Favourite
          </button>
          <button type="button" className="btn-quiet" onClick={() => props.onFavorite(false)} disabled={none}>
            Unfavourite
          </button>
          <select
            aria-label="Rate"
            value=""
            disabled={none}
            onChange={(e) => e.target.value !== '' && props.onRate(Number(e.target.value))}
          >
            <option value="">Rate…</option>
            {[5, 4, 3, 2, 1, 0].map((r) => (
              <option key={r} value={r}>
                {r === 0 ? 'No rating' : '★'.repeat(r)}
              </option>
            ))}
          </select>
          <button type="button" onClick={props.onExport} disabled={none}>
            Export
          </button>
          <button
            type="button"
            className="btn-quiet"
            onClick={props.onReveal}
            disabled={none || !props.revealAvailable}
            title={props.revealAvailable ? 'Show the file in the file manager' : 'Select one image to show its file'}
          >
            Reveal
          </button>
          <button type="button" className="btn-danger" onClick={props.onTrash} disabled={none}>
            Move to trash
          </button>
        </>
      )}
    </div>
  );
}
