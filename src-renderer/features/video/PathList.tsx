// The path's images in order with the segment between each pair: move earlier/later, remove, and
// one "Camera move" per segment (a preset, or free text sent as written).
import { CAMERA_MOVES } from '../../../src-shared/models/index.ts';
import { imageUrl } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { CAMERA_LABELS, moveImage, removeImage, segments, setCamera } from './path.ts';
import type { CameraChoice, PathDraft, PathImage } from './path.ts';

const FREE = 'free-text';
const update = (change: (d: PathDraft) => PathDraft) => appStore.getState().updateCameraPath(change);

function CameraField({ index, camera, label }: { index: number; camera: CameraChoice; label: string }) {
  const describedBy = `segment-${index}-label`;
  return (
    <div className="path-segment">
      <span id={describedBy} className="segment-label muted">
        {label}
      </span>
      <select
        aria-label="Camera move"
        aria-describedby={describedBy}
        value={'preset' in camera ? camera.preset : FREE}
        onChange={(e) => {
          const value = e.target.value;
          const next: CameraChoice = value === FREE ? { free: '' } : { preset: value as (typeof CAMERA_MOVES)[number] };
          update((d) => setCamera(d, index, next));
        }}
      >
        {CAMERA_MOVES.map((move) => (
          <option key={move} value={move}>
            {CAMERA_LABELS[move]}
          </option>
        ))}
        <option value={FREE}>Free text…</option>
      </select>
      {'free' in camera && (
        <input
          type="text"
          aria-label={`Describe the camera move of segment ${index + 1}`}
          placeholder="e.g. slow dolly zoom toward the door"
          maxLength={300}
          value={camera.free}
          onChange={(e) => update((d) => setCamera(d, index, { free: e.target.value }))}
        />
      )}
    </div>
  );
}

function ImageRow({ image, index, count }: { image: PathImage; index: number; count: number }) {
  return (
    <li className="path-image" data-image-id={image.id}>
      <span className="path-index" aria-hidden="true">
        {index + 1}
      </span>
      <img src={imageUrl(image.id, 'thumb')} alt="" width={56} height={56} />
      <span className="path-label" title={image.label}>
        {image.label}
      </span>
      <span className="path-actions">
        <button
          type="button"
          aria-label={`Move ${image.label} earlier`}
          disabled={index === 0}
          onClick={() => update((d) => moveImage(d, index, index - 1))}
        >
          ↑
        </button>
        <button
          type="button"
          aria-label={`Move ${image.label} later`}
          disabled={index === count - 1}
          onClick={() => update((d) => moveImage(d, index, index + 1))}
        >
          ↓
        </button>
        <button type="button" aria-label={`Remove ${image.label}`} onClick={() => update((d) => removeImage(d, index))}>
          ✕
        </button>
      </span>
    </li>
  );
}

export function PathList({ draft }: { draft: PathDraft }) {
  const segs = segments(draft);
  const count = draft.images.length;
  if (count === 0) return <p className="muted">No images: add some from the library.</p>;
  return (
    <ol className="path-list" aria-label="Images and camera moves">
      {draft.images.map((image, i) => {
        // One image: its clip's move sits under it; else the move of segment i sits between image i and i + 1.
        const segIndex = count === 1 ? 0 : i;
        const seg = segs[segIndex];
        const camera = draft.cameras[segIndex];
        const showSegment = seg !== undefined && camera !== undefined && (count === 1 || i < count - 1);
        const label =
          seg?.to === null || seg === undefined
            ? 'One clip from this image'
            : `Segment ${segIndex + 1}: image ${i + 1} → image ${i + 2}`;
        return [
          <ImageRow key={image.id} image={image} index={i} count={count} />,
          showSegment && (
            <li key={`segment-${segIndex}`} className="path-segment-row">
              <CameraField index={segIndex} camera={camera} label={label} />
            </li>
          ),
        ];
      })}
    </ol>
  );
}
