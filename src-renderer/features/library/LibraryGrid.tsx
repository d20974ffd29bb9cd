// The virtualized grid: only the rows on screen (plus a few) exist in the DOM, so a million images
// scroll like a hundred. Rows are fixed-height; columns follow the container width and tile size.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DragEvent, KeyboardEvent, MouseEvent } from 'react';
import { imageUrl, startDrag } from '../../api.ts';
import { isSelected, selectedInOrder } from './selection.ts';
import type { Selection } from './selection.ts';
import type { ImageSummary } from './use-image-pages.ts';

const GAP = 8;

interface GridProps {
  images: ImageSummary[];
  tileSize: number;
  selection: Selection;
  done: boolean;
  onNearEnd: () => void;
  onClick: (id: string, event: { shift: boolean; toggle: boolean }) => void;
  onOpen: (id: string) => void;
  onSelectAll: () => void;
}

export function LibraryGrid({ images, tileSize, selection, done, onNearEnd, onClick, onOpen, onSelectAll }: GridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => entry && setWidth(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width - GAP) / (tileSize + GAP)));
  const rowCount = Math.ceil(images.length / columns);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => tileSize + GAP,
    overscan: 3,
  });
  useEffect(() => virtualizer.measure(), [tileSize, columns, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  // What a drag carries: the selected images that are loaded (a drag of a million files makes no sense).
  const selected = selectedInOrder(selection, images.map((i) => i.id));
  const lastRow = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (!done && lastRow >= rowCount - 4) onNearEnd();
  }, [lastRow, rowCount, done, onNearEnd]);

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onSelectAll();
    }
  };

  return (
    <div ref={scrollRef} className="lib-scroll" onKeyDown={onKeyDown}>
      <div role="listbox" aria-label="Images" aria-multiselectable="true" className="lib-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => (
          <div key={row.key} className="lib-row" role="presentation" style={{ transform: `translateY(${row.start}px)`, height: tileSize, gap: GAP, paddingLeft: GAP }}>
            {images.slice(row.index * columns, row.index * columns + columns).map((image) => (
              <Tile key={image.id} image={image} size={tileSize} selected={isSelected(selection, image.id)} selectedIds={selected} onClick={onClick} onOpen={onOpen} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

interface TileProps {
  image: ImageSummary;
  size: number;
  selected: boolean;
  selectedIds: readonly string[];
  onClick: GridProps['onClick'];
  onOpen: GridProps['onOpen'];
}

const Tile = memo(function Tile({ image, size, selected, selectedIds, onClick, onOpen }: TileProps) {
  const prompt = image.prompt;
  const label = prompt === null || prompt === '' ? `Image ${image.id} (${image.source}, no prompt)` : prompt;

  const handleClick = (event: MouseEvent) => onClick(image.id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
  const handleKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') onOpen(image.id);
    else if (event.key === ' ') {
      event.preventDefault();
      onClick(image.id, { shift: event.shiftKey, toggle: true });
    }
  };
  const handleDrag = (event: DragEvent) => {
    // Electron replaces this with an OS file drag of the library files.
    event.preventDefault();
    startDrag(selected ? [...selectedIds] : [image.id]);
  };
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-label={label}
      title={prompt ?? undefined}
      tabIndex={0}
      draggable
      className={`lib-tile${selected ? ' is-selected' : ''}`}
      style={{ width: size, height: size }}
      onClick={handleClick}
      onDoubleClick={() => onOpen(image.id)}
      onKeyDown={handleKey}
      onDragStart={handleDrag}
    >
      <img src={imageUrl(image.id, 'thumb')} alt="" loading="lazy" decoding="async" draggable={false} />
      {image.favorite ? <span className="lib-fav" aria-hidden="true">★</span> : null}
      {image.source !== 'generated' ? <span className="lib-badge" aria-hidden="true">{image.source}</span> : null}
    </div>
  );
});
