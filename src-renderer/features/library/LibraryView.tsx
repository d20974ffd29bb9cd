// The Library: filter bar, virtualized grid, selection actions, detail panel, collections as packs.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, on } from '../../api.ts';
import { ActionBar } from './ActionBar.tsx';
import { CollectionPanel } from './CollectionPanel.tsx';
import { ConfirmDialog } from './Dialog.tsx';
import { DetailPanel } from './DetailPanel.tsx';
import type { ReuseRequest } from './DetailPanel.tsx';
import { forgetDetails } from './detail-cache.ts';
import { ExportDialog } from './ExportDialog.tsx';
import { FilterBar } from './FilterBar.tsx';
import type { FilterOptions } from './FilterBar.tsx';
import { LibraryGrid } from './LibraryGrid.tsx';
import { isFiltered } from './query.ts';
import { selectedInOrder } from './selection.ts';
import { appStore, useApp } from '../../store/index.ts';
import { reuseSeed, reuseSettings } from '../history/actions.ts';
import { placeImages } from '../canvas/place.ts';
import { useImagePages } from './use-image-pages.ts';
import './library.css';

type Modal = { kind: 'export'; ids: string[]; collection: { id: string; name: string } | null } | { kind: 'purge'; ids: string[] } | { kind: 'delete-collection'; id: string; name: string } | null;

export function LibraryView() {
  const { filters, tileSize, selection, detailId } = useApp(useShallow((s) => ({ filters: s.library.filters, tileSize: s.library.tileSize, selection: s.library.selection, detailId: s.library.detailId })));
  const actions = useApp(useShallow((s) => ({
    setFilters: s.setLibraryFilters, reset: s.resetLibraryFilters, setTileSize: s.setTileSize, click: s.clickImage, selectAll: s.selectAllImages,
    clear: s.clearSelection, prune: s.pruneImageSelection, openDetail: s.openDetail,
  })));
  const pages = useImagePages(filters);
  const order = useMemo(() => pages.images.map((i) => i.id), [pages.images]);
  const [options, setOptions] = useState<FilterOptions>({ models: [], tags: [], collections: [] });
  const [modal, setModal] = useState<Modal>(null);
  const [notice, setNotice] = useState<{ text: string; undo?: () => void; error?: boolean } | null>(null);

  const loadOptions = useCallback(() => {
    Promise.all([call('models.list', {}).catch(() => ({ models: [] })), call('tags.list', {}), call('collections.list', {})])
      .then(([m, t, c]) => setOptions({ models: m.models.map((x) => ({ id: x.id, label: x.label })), tags: t.tags, collections: c.collections }))
      .catch(() => undefined);
  }, []);
  useEffect(loadOptions, [loadOptions]);
  useEffect(() => actions.prune(order), [order, actions]);
  useEffect(() => on('images.added', () => pages.reload()), [pages]);
  useEffect(() => on('job.updated', (e) => e.status === 'succeeded' && e.imageId !== null && pages.reload()), [pages]);

  const selected = selectedInOrder(selection, order);
  const fail = (e: unknown) => setNotice({ text: e instanceof Error ? e.message : String(e), error: true });
  const after = (text: string, opts: { reload?: boolean; options?: boolean; undo?: () => void } = {}) => {
    setNotice({ text, ...(opts.undo ? { undo: opts.undo } : {}) });
    if (opts.reload) pages.reload();
    if (opts.options) loadOptions();
  };
  const plural = (n: number) => `${n} image${n === 1 ? '' : 's'}`;

  const activeCollection = filters.collectionId === null ? null : options.collections.find((c) => c.id === filters.collectionId) ?? null;

  const reuse = (r: ReuseRequest) => {
    const done = r.kind === 'seed' ? Promise.resolve(reuseSeed(r.seed)) : r.kind === 'settings' ? reuseSettings(r.imageId) : placeImages([r.imageId], { select: true }).then(() => undefined);
    done.then(() => appStore.getState().setView('workspace')).catch(fail);
  };

  const trash = (ids: string[]) =>
    call('images.trash', { imageIds: ids })
      .then((r) => after(`Moved ${plural(r.count)} to the trash.`, { reload: true, undo: () => void call('images.restore', { imageIds: ids }).then(() => after(`Restored ${plural(ids.length)}.`, { reload: true })).catch(fail) }))
      .catch(fail);

  return (
    <div className="lib-view">
      <FilterBar filters={filters} options={options} tileSize={tileSize} onChange={actions.setFilters} onReset={actions.reset} onTileSize={actions.setTileSize} />
      <ActionBar
        count={selected.length}
        trashView={filters.trashed}
        collections={options.collections}
        onSelectAll={() => actions.selectAll(order)}
        onClear={actions.clear}
        onTag={(names) => call('tags.add', { imageIds: selected, names }).then(() => after(`Tagged ${plural(selected.length)} ${names.map((n) => `#${n}`).join(' ')}.`, { options: true })).catch(fail)}
        onUntag={(names) => call('tags.remove', { imageIds: selected, names }).then(() => after(`Removed ${names.join(', ')} from ${plural(selected.length)}.`, { options: true, reload: filters.tag !== null })).catch(fail)}
        onCollect={(id, name) => {
          const target = id === 'new' ? call('collections.create', { name: name ?? 'Untitled' }).then((r) => r.collection) : Promise.resolve(options.collections.find((c) => c.id === id) ?? { id, name: id });
          target.then((c) => call('collections.add', { collectionId: c.id, imageIds: selected }).then(() => after(`Added ${plural(selected.length)} to “${c.name}”.`, { options: true }))).catch(fail);
        }}
        onFavorite={(favorite) => call('images.update', { imageIds: selected, favorite }).then(() => { forgetDetails(selected); after(favorite ? `Favourited ${plural(selected.length)}.` : `Unfavourited ${plural(selected.length)}.`, { reload: true }); }).catch(fail)}
        onRate={(rating) => call('images.update', { imageIds: selected, rating }).then(() => { forgetDetails(selected); after(`Rated ${plural(selected.length)} ${rating ? '★'.repeat(rating) : 'unrated'}.`, { reload: filters.sort === 'rating' }); }).catch(fail)}
        onExport={() => setModal({ kind: 'export', ids: selected, collection: null })}
        onTrash={() => void trash(selected)}
        onRestore={() => call('images.restore', { imageIds: selected }).then((r) => after(`Restored ${plural(r.count)}.`, { reload: true })).catch(fail)}
        onPurge={() => setModal({ kind: 'purge', ids: selected })}
        revealAvailable={false}
        onReveal={() => undefined}
      />
      {notice ? (
        <div className={`lib-notice${notice.error ? ' is-error' : ''}`} role={notice.error ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          {notice.undo ? <button type="button" className="btn-quiet" onClick={() => { notice.undo?.(); setNotice(null); }}>Undo</button> : null}
          <button type="button" className="btn-quiet" aria-label="Dismiss" onClick={() => setNotice(null)}>✕</button>
        </div>
      ) : null}
      <div className="lib-body">
        <div className="lib-main">
          {activeCollection ? (
            <CollectionPanel
              key={activeCollection.id}
              collection={activeCollection}
              onChanged={loadOptions}
              onExport={() => setModal({ kind: 'export', ids: order, collection: activeCollection })}
              onDelete={() => setModal({ kind: 'delete-collection', id: activeCollection.id, name: activeCollection.name })}
            />
          ) : null}
          {pages.error ? <p className="ui-error" role="alert">{pages.error}</p> : null}
          {pages.images.length === 0 && !pages.loading ? (
            <div className="lib-empty">
              <p>{filters.trashed ? 'The trash is empty.' : isFiltered(filters) ? 'No image matches these filters.' : 'No images yet. Generate some in the workspace, or drop image files on the window to import them.'}</p>
              {isFiltered(filters) ? <button type="button" onClick={actions.reset}>Clear filters</button> : null}
            </div>
          ) : (
            <LibraryGrid
              images={pages.images}
              tileSize={tileSize}
              selected={selection.ids}
              done={pages.done}
              onNearEnd={pages.loadMore}
              onClick={(id, mods) => actions.click(order, id, mods)}
              onOpen={(id) => actions.openDetail(id)}
              onSelectAll={() => actions.selectAll(order)}
            />
          )}
          <p className="lib-status" aria-live="polite">{pages.loading ? 'Loading…' : `${pages.images.length.toLocaleString()}${pages.done ? '' : '+'} image${pages.images.length === 1 ? '' : 's'}`}</p>
        </div>
        {detailId !== null ? <DetailPanel imageId={detailId} onClose={() => actions.openDetail(null)} onReuse={reuse} /> : null}
      </div>
      {modal?.kind === 'export' ? <ExportDialog imageIds={modal.ids} collection={modal.collection} onClose={() => setModal(null)} /> : null}
      {modal?.kind === 'purge' ? (
        <ConfirmDialog
          title="Delete permanently?"
          body={<p>{plural(modal.ids.length)} and their files will be deleted for good. This cannot be undone.</p>}
          confirm="Delete permanently"
          onClose={() => setModal(null)}
          onConfirm={() => {
            const ids = modal.ids;
            setModal(null);
            call('images.purge', { imageIds: ids }).then((r) => after(`Deleted ${plural(r.count)} permanently.`, { reload: true })).catch(fail);
          }}
        />
      ) : null}
      {modal?.kind === 'delete-collection' ? (
        <ConfirmDialog
          title={`Delete collection “${modal.name}”?`}
          body={<p>The images stay in the library; only the collection and its order are removed.</p>}
          confirm="Delete collection"
          onClose={() => setModal(null)}
          onConfirm={() => {
            const id = modal.id;
            setModal(null);
            call('collections.delete', { collectionId: id }).then(() => { actions.setFilters({ collectionId: null }); after('Collection deleted.', { options: true }); }).catch(fail);
          }}
        />
      ) : null}
    </div>
  );
}
