// The virtualized grid: only the rows on screen (plus a few) exist in the DOM, so a million images
// scroll like a hundred. Rows are fixed-height; columns follow the container width and tile size.
//
// Per scroll frame the work is kept small: the virtualizer re-renders without flushSync (React
// batches it), rows and tiles are memoised on stable props (a tile re-renders only when its own
// image or selected state changes), tiles are fixed-size boxes under CSS containment, hover hit
// tests are off while scrolling, and tiles that appear during a fast fling wait with their
// thumbnail until the scroll slows down (scroll-speed.ts).
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DragEvent, KeyboardEvent, MouseEvent } from 'react';
import { imageUrl, startDrag } from '../../api.ts';
import { useApp } from '../../store/index.ts';
import { columnsFor, GAP } from './grid-geometry.ts';
import { isFastScroll, nextScrollSpeed, STILL } from './scroll-speed.ts';
import { isSelected, selectedInOrder } from './selection.ts';
import type { Selection } from './selection.ts';
import type { ImageSummary } from './use-image-pages.ts';
import { formatDuration, resolutionLabel, useVideoAsset } from './video-info.ts';

type ClickHandler = (id: string, event: { shift: boolean; toggle: boolean }) => void;

interface GridProps {
  images: ImageSummary[];
  tileSize: number;
  selection: Selection;
  done: boolean;
  onNearEnd: () => void;
  /** Keep these stable (useCallback): every visible tile receives them. */
  onClick: ClickHandler;
  onOpen: (id: string) => void;
  onSelectAll: () => void;
}

export function LibraryGrid({ images, tileSize, selection, done, onNearEnd, onClick, onOpen, onSelectAll }: GridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Measured before the first paint; no tile is rendered at a guessed width.
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el === null) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => entry && setWidth(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const speed = useRef(STILL);
  const columns = columnsFor(width ?? 0, tileSize);
  // A class on the grid: switching the fit restyles the tiles without re-rendering them.
  const tileFit = useApp((s) => s.library.tileFit);
  const rowCount = width === null ? 0 : Math.ceil(images.length / columns);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => tileSize + GAP,
    overscan: 2,
    // Re-render in React's own time instead of synchronously inside each scroll event.
    useFlushSync: false,
    onChange: (instance) => {
      speed.current = instance.isScrolling
        ? nextScrollSpeed(speed.current, instance.scrollOffset ?? 0, performance.now())
        : STILL;
    },
  });
  useEffect(() => virtualizer.measure(), [tileSize, columns, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  const scrolling = virtualizer.isScrolling;
  const showImages = !isFastScroll(speed.current, scrolling);
  const lastRow = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (!done && rowCount > 0 && lastRow >= rowCount - 4) onNearEnd();
  }, [lastRow, rowCount, done, onNearEnd]);

  // What a drag carries: the selected images that are loaded (a drag of a million files makes no
  // sense), or the dragged one alone. Read at drag time, so tiles need no list of selected ids.
  const latest = useRef({ images, selection });
  useLayoutEffect(() => {
    latest.current = { images, selection };
  });
  const onDrag = useCallback((id: string) => {
    const { images: loaded, selection: current } = latest.current;
    startDrag(
      isSelected(current, id)
        ? selectedInOrder(
            current,
            loaded.map((i) => i.id),
          )
        : [id],
    );
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onSelectAll();
    }
  };

  return (
    <div ref={scrollRef} className={`lib-scroll${scrolling ? ' is-scrolling' : ''}`} onKeyDown={onKeyDown}>
      <div
        role="listbox"
        aria-label="Images"
        aria-multiselectable="true"
        className={`lib-canvas${tileFit === 'whole' ? ' fit-whole' : ''}`}
        data-tile-fit={tileFit}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {rows.map((row) => (
          <Row
            key={row.key}
            images={images}
            index={row.index}
            start={row.start}
            columns={columns}
            tileSize={tileSize}
            selection={selection}
            showImages={showImages}
            onClick={onClick}
            onOpen={onOpen}
            onDrag={onDrag}
          />
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  images: ImageSummary[];
  index: number;
  start: number;
  columns: number;
  tileSize: number;
  selection: Selection;
  showImages: boolean;
  onClick: ClickHandler;
  onOpen: (id: string) => void;
  onDrag: (id: string) => void;
}

const Row = memo(function Row({
  images,
  index,
  start,
  columns,
  tileSize,
  selection,
  showImages,
  onClick,
  onOpen,
  onDrag,
}: RowProps) {
  const tiles: ImageSummary[] = [];
  for (let i = index * columns; i < Math.min(images.length, (index + 1) * columns); i++)
    tiles.push(images[i] as ImageSummary);
  return (
    <div
      className="lib-row"
      role="presentation"
      style={{ transform: `translateY(${start}px)`, height: tileSize, gap: GAP, paddingLeft: GAP }}
    >
      {tiles.map((image) => (
        <Tile
          key={image.id}
          image={image}
          size={tileSize}
          selected={isSelected(selection, image.id)}
          showImage={showImages}
          onClick={onClick}
          onOpen={onOpen}
          onDrag={onDrag}
        />
      ))}
    </div>
  );
});

interface TileProps {
  image: ImageSummary;
  size: number;
  selected: boolean;
  /** False while the grid flings past: the tile waits with its thumbnail (once shown, it stays). */
  showImage: boolean;
  onClick: ClickHandler;
  onOpen: (id: string) => void;
  onDrag: (id: string) => void;
}

const Tile = memo(function Tile({ image, size, selected, showImage, onClick, onOpen, onDrag }: TileProps) {
  const [imageShown, setImageShown] = useState(showImage);
  if (showImage && !imageShown) setImageShown(true);
  const prompt = image.prompt;
  const isVideo = image.media === 'video';
  const named = prompt === null || prompt === '' ? `Image ${image.id} (${image.source}, no prompt)` : prompt;
  // The badge's words are part of the name (what is seen is what is read; not in parentheses,
  // which name comparisons, axe's among them, leave out).
  const label = isVideo
    ? `Video: ${named}`
    : image.missing
      ? `${named} — file missing`
      : image.inPlace
        ? `${named} — in folder`
        : named;

  const handleClick = (event: MouseEvent) =>
    onClick(image.id, { shift: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
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
    onDrag(image.id);
  };
  return (
    <div
      role="option"
      aria-selected={selected}
      aria-label={label}
      title={prompt ?? undefined}
      tabIndex={0}
      draggable
      className={`lib-tile${selected ? ' is-selected' : ''}${image.missing ? ' is-missing' : ''}`}
      style={{ width: size, height: size }}
      onClick={handleClick}
      onDoubleClick={() => onOpen(image.id)}
      onKeyDown={handleKey}
      onDragStart={handleDrag}
    >
      {imageShown || showImage ? (
        <img src={imageUrl(image.id, 'thumb')} alt="" width={size} height={size} decoding="async" draggable={false} />
      ) : null}
      {image.favorite ? (
        <span className="lib-fav" aria-hidden="true">
          ★
        </span>
      ) : null}
      {isVideo ? <VideoBadge image={image} /> : null}
      {image.missing ? (
        <span className="lib-badge is-missing" title="The file was moved or deleted from its folder">
          missing
        </span>
      ) : image.source !== 'generated' ? (
        <span className="lib-badge" aria-hidden="true">
          {image.inPlace ? 'in folder' : image.source}
        </span>
      ) : null}
    </div>
  );
});

/** A video tile's corner: ▶, its resolution and (once video.asset answered) its length. */
function VideoBadge({ image }: { image: ImageSummary }) {
  const asset = useVideoAsset(image.id, true);
  return (
    <span className="lib-video-badge" aria-hidden="true">
      ▶ {resolutionLabel(image.width, image.height)}
      {asset ? ` · ${formatDuration(asset.durationMs)}` : ''}
    </span>
  );
}
