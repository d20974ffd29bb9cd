// A collection as an ordered asset pack: its images in order, reorder by drag (or the arrow
// buttons, for the keyboard), remove, export in one go.
import { useEffect, useState } from 'react';
import type { DragEvent } from 'react';
import { call, imageUrl } from '../../api.ts';
import { moveItem } from './reorder.ts';

interface Props {
  collection: { id: string; name: string };
  onExport: () => void;
  onDelete: () => void;
  onChanged: () => void;
}

export function CollectionPanel({ collection, onExport, onDelete, onChanged }: Props) {
  const [ids, setIds] = useState<string[]>([]);
  const [dragging, setDragging] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    call('collections.items', { collectionId: collection.id })
      .then((r) => live && setIds(r.imageIds))
      .catch((e: unknown) => setError(String(e)));
    return () => {
      live = false;
    };
  }, [collection.id]);

  const save = (next: string[]) => {
    const before = ids;
    setIds(next);
    call('collections.reorder', { collectionId: collection.id, imageIds: next })
      .then(onChanged)
      .catch((e: unknown) => {
        setIds(before);
        setError(e instanceof Error ? e.message : String(e));
      });
  };
  const remove = (id: string) => {
    call('collections.remove', { collectionId: collection.id, imageIds: [id] })
      .then(() => {
        setIds((list) => list.filter((x) => x !== id));
        onChanged();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const onDrop = (event: DragEvent, to: number) => {
    event.preventDefault();
    if (dragging !== null && dragging !== to) save(moveItem(ids, dragging, to));
    setDragging(null);
  };

  return (
    <section className="lib-pack" aria-label={`Collection ${collection.name}`}>
      <header className="lib-pack-head">
        <h2>{collection.name}</h2>
        <span className="ui-hint">
          {ids.length} image{ids.length === 1 ? '' : 's'} · drag to reorder
        </span>
        <button type="button" onClick={onExport} disabled={ids.length === 0}>
          Export collection
        </button>
        <button type="button" className="btn-danger" onClick={onDelete}>
          Delete collection
        </button>
      </header>
      {error ? (
        <p className="ui-error" role="alert">
          {error}
        </p>
      ) : null}
      <ol className="lib-pack-list" aria-label="Collection order">
        {ids.map((id, index) => (
          <li
            key={id}
            draggable
            className={dragging === index ? 'is-dragging' : ''}
            onDragStart={(e) => {
              setDragging(index);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', id);
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => onDrop(e, index)}
            onDragEnd={() => setDragging(null)}
          >
            <span className="lib-pack-index">{index + 1}</span>
            <img src={imageUrl(id, 'thumb')} alt={`Image ${id}`} draggable={false} />
            <span className="lib-pack-moves">
              <button
                type="button"
                className="btn-quiet"
                aria-label={`Move image ${id} earlier`}
                disabled={index === 0}
                onClick={() => save(moveItem(ids, index, index - 1))}
              >
                ←
              </button>
              <button
                type="button"
                className="btn-quiet"
                aria-label={`Move image ${id} later`}
                disabled={index === ids.length - 1}
                onClick={() => save(moveItem(ids, index, index + 1))}
              >
                →
              </button>
              <button
                type="button"
                className="btn-quiet"
                aria-label={`Remove image ${id} from the collection`}
                onClick={() => remove(id)}
              >
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
