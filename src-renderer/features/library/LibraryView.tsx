// The Library: filter bar, virtualized grid, selection actions, detail panel, collections as packs.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { call, on } from '../../api.ts';
import { ActionBar } from './ActionBar.tsx';
import { AddFolderButton } from './AddFolder.tsx';
import { CollectionPanel } from './CollectionPanel.tsx';
import { ConfirmDialog } from './Dialog.tsx';
import { DetailPanel } from './DetailPanel.tsx';
import type { ReuseRequest } from './DetailPanel.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { FilterBar } from './FilterBar.tsx';
import type { FilterOptions } from './FilterBar.tsx';
import { LibraryGrid } from './LibraryGrid.tsx';
import { buildImageQuery, isFiltered } from './query.ts';
import type { LibraryFilters } from './query.ts';
import { selectedCount, selectedInOrder } from './selection.ts';
import { purgePlan, purgeSummary, runPurge } from './purge.ts';
import type { PurgePlan } from './purge.ts';
import type { Selection } from './selection.ts';
import { appStore, useApp } from '../../store/index.ts';
import { reuseSeed, reuseSettings } from '../history/index.ts';
import { placeImages } from '../canvas/index.ts';
import { holdLibraryOpen } from './prefetch.ts';
import { useImagePages } from './use-image-pages.ts';
import './library.css';

/**
 * The selection as id batches of at most 10,000 (what each call accepts). Explicit selections are
 * one batch; "all matching" asks main for the ids page by page (images.ids), minus the exceptions.
 */
export async function selectionBatches(
  selection: Selection,
  order: readonly string[],
  filters: LibraryFilters,
): Promise<string[][]> {
  if (selection.allExcept === null) {
    const ids = selectedInOrder(selection, order);
    const out: string[][] = [];
    for (let i = 0; i < ids.length; i += 10_000) out.push(ids.slice(i, i + 10_000));
    return out;
  }
  const { limit: _limit, cursor: _cursor, ...query } = buildImageQuery(filters, { limit: 1 });
  const exceptIds = [...selection.allExcept].slice(0, 10_000);
  const batches: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: { imageIds: string[]; nextCursor: string | null } = await call('images.ids', {
      ...query,
      ...(exceptIds.length ? { exceptIds } : {}),
      ...(cursor === null ? {} : { cursor }),
    });
    if (page.imageIds.length) batches.push(page.imageIds);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return batches;
}

/** The filter options last loaded (shown at once on the next opening, then refreshed). */
let lastOptions: FilterOptions = { models: [], tags: [], collections: [] };

/** Exporting a collection: the whole of it (its panel), or the selected images of the one shown. */
type ExportCollection = { id: string; name: string; only?: 'selected' };

type Modal =
  | { kind: 'export'; ids: string[]; collection: ExportCollection | null }
  | { kind: 'purge'; plan: PurgePlan }
  | { kind: 'delete-collection'; id: string; name: string }
  | null;

export function LibraryView() {
  const { filters, tileSize, selection, detailId } = useApp(
    useShallow((s) => ({
      filters: s.library.filters,
      tileSize: s.library.tileSize,
      selection: s.library.selection,
      detailId: s.library.detailId,
    })),
  );
  const actions = useApp(
    useShallow((s) => ({
      setFilters: s.setLibraryFilters,
      reset: s.resetLibraryFilters,
      setTileSize: s.setTileSize,
      click: s.clickImage,
      selectAll: s.selectAllImages,
      clear: s.clearSelection,
      prune: s.pruneImageSelection,
      openDetail: s.openDetail,
    })),
  );
  const pages = useImagePages(filters);
  const order = useMemo(() => pages.images.map((i) => i.id), [pages.images]);
  const [options, setOptions] = useState<FilterOptions>(lastOptions);
  const [modal, setModal] = useState<Modal>(null);
  const [notice, setNotice] = useState<{ text: string; undo?: () => void; error?: boolean } | null>(null);

  const loadOptions = useCallback(() => {
    Promise.all([
      call('models.list', {}).catch(() => ({ models: [] })),
      call('tags.list', {}),
      call('collections.list', {}),
    ])
      .then(([m, t, c]) => {
        lastOptions = {
          models: m.models.map((x) => ({ id: x.id, label: x.label })),
          tags: t.tags,
          collections: c.collections,
        };
        setOptions(lastOptions);
      })
      .catch(() => undefined);
  }, []);
  useEffect(holdLibraryOpen, []);
  // The options (tags.list is a scan of the whole library in main) are asked for once the first
  // page is in, so they do not hold up the grid or its thumbnails on the way.
  const firstPageIn = pages.images.length > 0 || !pages.loading;
  useEffect(() => {
    if (firstPageIn) loadOptions();
  }, [firstPageIn, loadOptions]);
  useEffect(() => actions.prune(order), [order, actions]);
  useEffect(() => on('images.added', () => pages.reload()), [pages]);
  // A watched folder's file found missing or back (main's folder watch).
  useEffect(() => on('images.updated', () => pages.reload()), [pages]);
  useEffect(() => on('job.updated', (e) => e.status === 'succeeded' && e.imageId !== null && pages.reload()), [pages]);

  // Stable handlers for the grid's memoised tiles; the click reads the order at click time.
  const orderRef = useRef(order);
  useLayoutEffect(() => {
    orderRef.current = order;
  });
  const { click, openDetail } = actions;
  const onTileClick = useCallback(
    (id: string, mods: { shift: boolean; toggle: boolean }) => click(orderRef.current, id, mods),
    [click],
  );
  const onTileOpen = useCallback((id: string) => openDetail(id), [openDetail]);

  const selected = selectedInOrder(selection, order);
  const count = selectedCount(selection, pages.done ? order.length : null);
  /** Runs `action` on every batch of the selection; resolves with the number of images sent. */
  const forSelection = async (action: (ids: string[]) => Promise<unknown>): Promise<number> => {
    let n = 0;
    for (const batch of await selectionBatches(selection, order, filters)) {
      await action(batch);
      n += batch.length;
    }
    return n;
  };
  const fail = (e: unknown) => setNotice({ text: e instanceof Error ? e.message : String(e), error: true });
  const after = (text: string, opts: { reload?: boolean; options?: boolean; undo?: () => void } = {}) => {
    setNotice({ text, ...(opts.undo ? { undo: opts.undo } : {}) });
    if (opts.reload) pages.reload();
    if (opts.options) loadOptions();
  };
  const plural = (n: number) => `${n} image${n === 1 ? '' : 's'}`;

  const activeCollection =
    filters.collectionId === null ? null : (options.collections.find((c) => c.id === filters.collectionId) ?? null);

  const reveal = (imageId: string) => void call('shell.reveal', { imageId }).catch(fail);

  const reuse = (r: ReuseRequest) => {
    const done =
      r.kind === 'seed'
        ? Promise.resolve(reuseSeed(r.seed))
        : r.kind === 'settings'
          ? reuseSettings(r.imageId)
          : placeImages([r.imageId], { select: true }).then(() => undefined);
    done.then(() => appStore.getState().setView('workspace')).catch(fail);
  };

  const trash = async () => {
    const batches = await selectionBatches(selection, order, filters);
    let n = 0;
    for (const imageIds of batches) n += (await call('images.trash', { imageIds })).count;
    const undo = async () => {
      for (const imageIds of batches) await call('images.restore', { imageIds });
      after(`Restored ${plural(n)}.`, { reload: true });
    };
    actions.clear();
    after(`Moved ${plural(n)} to the trash.`, { reload: true, undo: () => void undo().catch(fail) });
  };

  return (
    <div className="lib-view">
      <FilterBar
        filters={filters}
        options={options}
        tileSize={tileSize}
        onChange={actions.setFilters}
        onReset={actions.reset}
        onTileSize={actions.setTileSize}
      >
        <AddFolderButton onAdded={(text) => after(text, { reload: true })} onError={fail} />
      </FilterBar>
      <ActionBar
        count={count}
        trashView={filters.trashed}
        collections={options.collections}
        onSelectAll={actions.selectAll}
        onClear={actions.clear}
        onTag={(names) =>
          forSelection((imageIds) => call('tags.add', { imageIds, names }))
            .then((n) => after(`Tagged ${plural(n)} ${names.map((t) => `#${t}`).join(' ')}.`, { options: true }))
            .catch(fail)
        }
        onUntag={(names) =>
          forSelection((imageIds) => call('tags.remove', { imageIds, names }))
            .then((n) =>
              after(`Removed ${names.join(', ')} from ${plural(n)}.`, { options: true, reload: filters.tag !== null }),
            )
            .catch(fail)
        }
        onCollect={(id, name) => {
          const target =
            id === 'new'
              ? call('collections.create', { name: name ?? 'Untitled' }).then((r) => r.collection)
              : Promise.resolve(options.collections.find((c) => c.id === id) ?? { id, name: id });
          target
            .then((c) =>
              forSelection((imageIds) => call('collections.add', { collectionId: c.id, imageIds })).then((n) =>
                after(`Added ${plural(n)} to “${c.name}”.`, { options: true }),
              ),
            )
            .catch(fail);
        }}
        onFavorite={(favorite) =>
          forSelection((imageIds) => call('images.update', { imageIds, favorite }))
            .then((n) => after(favorite ? `Favourited ${plural(n)}.` : `Unfavourited ${plural(n)}.`, { reload: true }))
            .catch(fail)
        }
        onRate={(rating) =>
          forSelection((imageIds) => call('images.update', { imageIds, rating }))
            .then((n) =>
              after(`Rated ${plural(n)} ${rating ? '★'.repeat(rating) : 'unrated'}.`, {
                reload: filters.sort === 'rating',
              }),
            )
            .catch(fail)
        }
        onExport={() => {
          selectionBatches(selection, order, filters)
            .then((batches) => {
              const [first, ...rest] = batches;
              if (first === undefined) return;
              if (rest.length > 0)
                setNotice({
                  text: `Export takes 10,000 images at a time: exporting the first 10,000 of ${(first.length + rest.reduce((a, b) => a + b.length, 0)).toLocaleString()}.`,
                });
              // Shown a collection, a selection of it exports with its positions ({index}, collectionIndex).
              const collection = activeCollection ? { ...activeCollection, only: 'selected' as const } : null;
              setModal({ kind: 'export', ids: first, collection });
            })
            .catch(fail);
        }}
        onTrash={() => void trash().catch(fail)}
        onRestore={() =>
          forSelection((imageIds) => call('images.restore', { imageIds }))
            .then((n) => {
              actions.clear();
              after(`Restored ${plural(n)}.`, { reload: true });
            })
            .catch(fail)
        }
        // Select all goes to main as the query minus the exceptions (purge.ts), never as a million ids.
        onPurge={() => setModal({ kind: 'purge', plan: purgePlan(selection, order, filters, count) })}
        revealAvailable={selection.allExcept === null && selected.length === 1}
        onReveal={() => selected[0] !== undefined && reveal(selected[0])}
      />
      {notice ? (
        <div className={`lib-notice${notice.error ? ' is-error' : ''}`} role={notice.error ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          {notice.undo ? (
            <button
              type="button"
              className="btn-quiet"
              onClick={() => {
                notice.undo?.();
                setNotice(null);
              }}
            >
              Undo
            </button>
          ) : null}
          <button type="button" className="btn-quiet" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ✕
          </button>
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
              onDelete={() =>
                setModal({ kind: 'delete-collection', id: activeCollection.id, name: activeCollection.name })
              }
            />
          ) : null}
          {pages.error ? (
            <p className="ui-error" role="alert">
              {pages.error}
            </p>
          ) : null}
          {pages.images.length === 0 && !pages.loading ? (
            <div className="lib-empty">
              <p>
                {filters.trashed
                  ? 'The trash is empty.'
                  : isFiltered(filters)
                    ? 'No image matches these filters.'
                    : 'No images yet. Generate some in the workspace, drop image files on the window to import them, or add a folder of images you already have.'}
              </p>
              {isFiltered(filters) ? (
                <button type="button" onClick={actions.reset}>
                  Clear filters
                </button>
              ) : null}
            </div>
          ) : (
            <LibraryGrid
              images={pages.images}
              tileSize={tileSize}
              selection={selection}
              done={pages.done}
              onNearEnd={pages.loadMore}
              onClick={onTileClick}
              onOpen={onTileOpen}
              onSelectAll={actions.selectAll}
            />
          )}
          <p className="lib-status" aria-live="polite">
            {pages.loading
              ? 'Loading…'
              : `${pages.images.length.toLocaleString()}${pages.done ? '' : '+'} image${pages.images.length === 1 ? '' : 's'}`}
          </p>
        </div>
        {detailId !== null ? (
          <DetailPanel
            imageId={detailId}
            onClose={() => actions.openDetail(null)}
            onReuse={reuse}
            onOpen={(id) => actions.openDetail(id)}
            onReveal={reveal}
          />
        ) : null}
      </div>
      {modal?.kind === 'export' ? (
        <ExportDialog imageIds={modal.ids} collection={modal.collection} onClose={() => setModal(null)} />
      ) : null}
      {modal?.kind === 'purge' ? (
        <ConfirmDialog
          title="Delete permanently?"
          body={<p>{purgeSummary(modal.plan)}</p>}
          confirm="Delete permanently"
          onClose={() => setModal(null)}
          onConfirm={() => {
            const plan = modal.plan;
            setModal(null);
            runPurge(plan)
              .then((n) => {
                actions.clear();
                after(`Deleted ${plural(n)} permanently.`, { reload: true });
              })
              .catch(fail);
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
            call('collections.delete', { collectionId: id })
              .then(() => {
                actions.setFilters({ collectionId: null });
                after('Collection deleted.', { options: true });
              })
              .catch(fail);
          }}
        />
      ) : null}
    </div>
  );
}
