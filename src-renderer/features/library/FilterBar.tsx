// Search, filters, sort and tile size above the grid.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { IMAGE_SORTS, IMAGE_SOURCES } from '../../../src-shared/domain.ts';
import type { ImageSort, ImageSource } from '../../../src-shared/domain.ts';
import { useApp } from '../../store/index.ts';
import { MAX_TILE, MIN_TILE } from './library-store.ts';
import type { LibraryFilters } from './query.ts';

export interface FilterOptions {
  models: { id: string; label: string }[];
  tags: { name: string; imageCount: number }[];
  collections: { id: string; name: string }[];
}

interface Props {
  filters: LibraryFilters;
  options: FilterOptions;
  tileSize: number;
  onChange: (patch: Partial<LibraryFilters>) => void;
  onReset: () => void;
  onTileSize: (size: number) => void;
  /** More controls at the end of the bar (the view's "Add folder"). */
  children?: ReactNode;
}

const SORT_LABELS: Record<ImageSort, string> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  rating: 'Highest rated',
};
const SOURCE_LABELS: Record<ImageSource, string> = { generated: 'Generated', imported: 'Imported', edited: 'Edited' };

/** Cropped squares or whole images (aspect kept): a toggle, pressed for whole images. */
function TileFitToggle() {
  const fit = useApp((s) => s.library.tileFit);
  const setFit = useApp((s) => s.setTileFit);
  return (
    <button
      type="button"
      className="lib-fit"
      aria-pressed={fit === 'whole'}
      title={
        fit === 'whole'
          ? 'Showing whole images; press to crop tiles to squares'
          : 'Tiles are cropped to squares; press to see whole images'
      }
      onClick={() => setFit(fit === 'whole' ? 'crop' : 'whole')}
    >
      Whole images
    </button>
  );
}

export function FilterBar({ filters, options, tileSize, onChange, onReset, onTileSize, children }: Props) {
  // The search box updates the query after a short pause, not on every key.
  const [text, setText] = useState(filters.search);
  useEffect(() => setText(filters.search), [filters.search]);
  useEffect(() => {
    if (text === filters.search) return;
    const timer = setTimeout(() => onChange({ search: text }), 250);
    return () => clearTimeout(timer);
  }, [text, filters.search, onChange]);

  return (
    <div className="lib-filters" role="search">
      <input
        type="search"
        aria-label="Search library"
        placeholder="Search prompts, #tags or a seed"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && onChange({ search: text })}
        className="lib-search"
      />
      <select
        aria-label="Model"
        value={filters.modelId ?? ''}
        onChange={(e) => onChange({ modelId: e.target.value || null })}
      >
        <option value="">All models</option>
        {options.models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </select>
      <select aria-label="Tag" value={filters.tag ?? ''} onChange={(e) => onChange({ tag: e.target.value || null })}>
        <option value="">All tags</option>
        {options.tags.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name} ({t.imageCount})
          </option>
        ))}
      </select>
      <select
        aria-label="Collection"
        value={filters.collectionId ?? ''}
        onChange={(e) => onChange({ collectionId: e.target.value || null })}
      >
        <option value="">All collections</option>
        {options.collections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Source"
        value={filters.source ?? ''}
        onChange={(e) => onChange({ source: (e.target.value || null) as ImageSource | null })}
      >
        <option value="">Any source</option>
        {IMAGE_SOURCES.map((s) => (
          <option key={s} value={s}>
            {SOURCE_LABELS[s]}
          </option>
        ))}
      </select>
      <select
        aria-label="Images or videos"
        value={filters.media ?? ''}
        onChange={(e) => onChange({ media: (e.target.value || null) as LibraryFilters['media'] })}
      >
        <option value="">Images and videos</option>
        <option value="image">Images only</option>
        <option value="video">Videos only</option>
      </select>
      <label className="lib-date">
        From{' '}
        <input
          type="date"
          aria-label="From date"
          value={filters.fromDay ?? ''}
          onChange={(e) => onChange({ fromDay: e.target.value || null })}
        />
      </label>
      <label className="lib-date">
        To{' '}
        <input
          type="date"
          aria-label="To date"
          value={filters.toDay ?? ''}
          onChange={(e) => onChange({ toDay: e.target.value || null })}
        />
      </label>
      <label className="lib-check">
        <input
          type="checkbox"
          checked={filters.favoritesOnly}
          onChange={(e) => onChange({ favoritesOnly: e.target.checked })}
        />{' '}
        Favourites
      </label>
      <label className="lib-check">
        <input type="checkbox" checked={filters.trashed} onChange={(e) => onChange({ trashed: e.target.checked })} />{' '}
        Trash
      </label>
      <select aria-label="Sort" value={filters.sort} onChange={(e) => onChange({ sort: e.target.value as ImageSort })}>
        {IMAGE_SORTS.map((s) => (
          <option key={s} value={s}>
            {SORT_LABELS[s]}
          </option>
        ))}
      </select>
      <label className="lib-size">
        Size{' '}
        <input
          type="range"
          aria-label="Tile size"
          min={MIN_TILE}
          max={MAX_TILE}
          step={8}
          value={tileSize}
          onChange={(e) => onTileSize(Number(e.target.value))}
        />
      </label>
      <TileFitToggle />
      <button type="button" className="btn-quiet" onClick={onReset}>
        Clear filters
      </button>
      {children}
    </div>
  );
}
