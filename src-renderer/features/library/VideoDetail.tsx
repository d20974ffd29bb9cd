// The detail view of a video: the MP4 playing in a <video> (controls to scrub, looping) served by
// id through the image protocol, its length, resolution and segments, the camera path and its cost
// (video.get of the asset's job), and its lineage: the path's source images in order.
import { useEffect, useState } from 'react';
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import type { VideoJob } from '../../../src-shared/contract/video.ts';
import { call, imageUrl } from '../../api.ts';
import type { ReuseRequest } from './DetailPanel.tsx';
import { videoDetailRows } from './detail-rows.ts';
import { formatDuration, resolutionLabel, useVideoAsset } from './video-info.ts';

type ImageDetail = CallResponse<'images.get'>['image'];

interface Props {
  image: ImageDetail;
  tags: string[];
  onReuse: (request: ReuseRequest) => void;
  onOpen: (imageId: string) => void;
  onReveal: (imageId: string) => void;
}

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

function useVideoJob(jobId: string | null | undefined): VideoJob | null {
  const [job, setJob] = useState<VideoJob | null>(null);
  useEffect(() => {
    if (!jobId) return setJob(null);
    let live = true;
    call('video.get', { id: jobId })
      .then((j) => live && setJob(j))
      .catch(() => live && setJob(null));
    return () => {
      live = false;
    };
  }, [jobId]);
  return job;
}

export function VideoDetail({ image, tags, onReuse, onOpen, onReveal }: Props) {
  const asset = useVideoAsset(image.id, true);
  const job = useVideoJob(asset?.videoJobId);
  const rows = [
    ...(asset === null
      ? []
      : [
          { label: 'Length', value: formatDuration(asset.durationMs) },
          {
            label: 'Resolution',
            value: `${resolutionLabel(asset.width, asset.height)} (${asset.width} × ${asset.height})`,
          },
          { label: 'File', value: `MP4, ${(asset.bytes / 1e6).toFixed(1)} MB` },
        ]),
    ...videoDetailRows(image, job, tags),
  ];
  return (
    <>
      <VideoPlayer imageId={image.id} label={`Video: ${image.prompt ?? image.id}`} />
      <div className="lib-seed">
        <button type="button" onClick={() => onReuse({ kind: 'canvas', imageId: image.id })}>
          Open in canvas
        </button>
        <button type="button" className="btn-quiet" onClick={() => onReveal(image.id)}>
          Show in file manager
        </button>
      </div>
      <dl className="lib-params">
        {rows.map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd title={'title' in row ? row.title : undefined}>{row.value}</dd>
          </div>
        ))}
      </dl>
      <section className="lib-lineage" aria-label="Lineage">
        <h3>Lineage</h3>
        <p>
          Made from:{' '}
          {asset === null ? (
            <span className="muted">…</span>
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
