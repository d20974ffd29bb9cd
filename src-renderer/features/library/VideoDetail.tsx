// The detail view of a video: the MP4 playing in a <video> (controls to scrub, looping) served by
// id through the image protocol, its length, resolution and segments, and its lineage: the
// camera path's source images in order.
import { imageUrl } from '../../api.ts';
import { formatDuration, resolutionLabel, useVideoAsset } from './video-info.ts';

export function VideoPlayer({ imageId, label }: { imageId: string; label: string }) {
  return (
    <video
      className="lib-detail-video"
      src={imageUrl(imageId, 'video')}
      poster={imageUrl(imageId, 'full')}
      aria-label={label}
      controls
      loop
      autoPlay
      muted
      playsInline
      preload="metadata"
    />
  );
}

export function VideoFacts({ imageId, onOpen }: { imageId: string; onOpen: (imageId: string) => void }) {
  const asset = useVideoAsset(imageId, true);
  if (asset === null) return <p className="muted">Reading the video…</p>;
  return (
    <>
      <dl className="lib-params">
        <div>
          <dt>Length</dt>
          <dd>{formatDuration(asset.durationMs)}</dd>
        </div>
        <div>
          <dt>Resolution</dt>
          <dd>
            {resolutionLabel(asset.width, asset.height)} ({asset.width} × {asset.height})
          </dd>
        </div>
        <div>
          <dt>Segments</dt>
          <dd>{asset.segments}</dd>
        </div>
        <div>
          <dt>File</dt>
          <dd>MP4, {(asset.bytes / 1e6).toFixed(1)} MB</dd>
        </div>
      </dl>
      <section className="lib-lineage" aria-label="Lineage">
        <h3>Lineage</h3>
        <p>
          Made from:{' '}
          {asset.sourceImageIds.length === 0 ? (
            <span className="muted">no images recorded</span>
          ) : (
            asset.sourceImageIds.map((id, i) => (
              <button key={`${id}-${i}`} type="button" className="btn-link" onClick={() => onOpen(id)}>
                Image {id}
              </button>
            ))
          )}
        </p>
      </section>
    </>
  );
}
