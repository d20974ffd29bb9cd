// "Add from library…" inside the Camera path dialog: the newest library images (or those whose
// prompt matches the search), each added to the end of the path with one click. Videos are not
// offered: a path is made of still images.
import { useEffect, useState } from 'react';
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import { call, imageUrl } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { addImages, imageLabel } from './path.ts';

type Summary = CallResponse<'images.search'>['images'][number];

export function AddFromLibrary({ exclude, onClose }: { exclude: string[]; onClose: () => void }) {
  const [text, setText] = useState('');
  const [images, setImages] = useState<Summary[] | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call('images.search', { ...(text.trim() ? { text: text.trim() } : {}), media: 'image', limit: 48 })
        .then((r) => live && setImages(r.images))
        .catch(() => live && setImages([]));
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  const shown = (images ?? []).filter((i) => !exclude.includes(i.id));
  return (
    <div className="path-picker" role="group" aria-label="Add from library">
      <div className="path-picker-head">
        <input
          type="search"
          aria-label="Search the library"
          placeholder="Search prompts"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
      {images === null ? (
        <p className="muted">Loading…</p>
      ) : shown.length === 0 ? (
        <p className="muted">No other images{text.trim() ? ' match' : ''}.</p>
      ) : (
        <ul className="path-picker-grid">
          {shown.map((image) => {
            const label = imageLabel(image);
            return (
              <li key={image.id}>
                <button
                  type="button"
                  aria-label={`Add ${label}`}
                  title={label}
                  onClick={() => appStore.getState().updateCameraPath((d) => addImages(d, [{ id: image.id, label }]))}
                >
                  <img src={imageUrl(image.id, 'thumb')} alt="" width={64} height={64} loading="lazy" />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
