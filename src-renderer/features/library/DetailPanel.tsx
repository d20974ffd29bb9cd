// One image in full: the picture, the parameters it has (detail-rows.ts), cost, profile/region,
// seed actions, tags. A video (media 'video') plays instead, with its facts and source images.
// Reuse/Open in canvas hand over to the workspace (the prompt panel's and canvas's own actions).

/** What the workspace should do with an image from the library. */
export type ReuseRequest =
  | { kind: 'seed'; imageId: string; seed: number }
  | { kind: 'settings'; imageId: string }
  | { kind: 'canvas'; imageId: string };
import { useEffect, useState } from 'react';
import { call, imageUrl } from '../../api.ts';
import type { CallResponse } from '../../../src-shared/contract/index.ts';
import { detailRows } from './detail-rows.ts';
import { VideoDetail } from './VideoDetail.tsx';

type JobInfo = CallResponse<'jobs.get'>;
type ImageDetail = CallResponse<'images.get'>['image'];

/** Imported metadata as label/value rows (nested values as compact JSON). */
function metadataRows(metadata: Record<string, unknown> | null | undefined): [string, string][] {
  if (!metadata) return [];
  return Object.entries(metadata)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .slice(0, 40)
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v).slice(0, 2000)]);
}

interface Props {
  imageId: string;
  onClose: () => void;
  onReuse: (request: ReuseRequest) => void;
  /** Show another image's details (lineage links). */
  onOpen: (imageId: string) => void;
  onReveal: (imageId: string) => void;
}

export function DetailPanel({ imageId, onClose, onReuse, onOpen, onReveal }: Props) {
  const [image, setImage] = useState<ImageDetail | null>(null);
  const [job, setJob] = useState<JobInfo | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setImage(null);
    setJob(null);
    call('images.get', { imageId })
      .then(async ({ image: record }) => {
        if (!live) return;
        setImage(record);
        const [tagMap, jobInfo] = await Promise.all([
          call('images.tags', { imageIds: [imageId] }),
          record.generationId === null
            ? Promise.resolve(null)
            : call('jobs.get', { jobId: record.generationId }).catch(() => null),
        ]);
        if (!live) return;
        setTags(tagMap.tags[imageId] ?? []);
        setJob(jobInfo);
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [imageId]);

  const rows = image === null ? [] : detailRows(image, job, tags);
  const isVideo = image?.media === 'video';
  const what = isVideo ? 'Video' : 'Image';

  return (
    <aside className="lib-detail" aria-label="Image details">
      <header className="lib-detail-head">
        <h2>
          {what} {imageId}
        </h2>
        <button type="button" className="btn-quiet" aria-label="Close details" onClick={onClose}>
          ✕
        </button>
      </header>
      {error ? (
        <p className="ui-error" role="alert">
          {error}
        </p>
      ) : null}
      {image && isVideo ? (
        <VideoDetail image={image} tags={tags} onReuse={onReuse} onOpen={onOpen} onReveal={onReveal} />
      ) : (
        <img className="lib-detail-img" src={imageUrl(imageId, 'full')} alt={image?.prompt ?? ''} />
      )}
      {image === null || isVideo ? null : (
        <>
          <div className="lib-seed">
            <span>
              Seed <strong>{image.seed ?? '—'}</strong>
            </span>
            <button
              type="button"
              disabled={image.seed === null}
              onClick={() => image.seed !== null && onReuse({ kind: 'seed', imageId, seed: image.seed })}
            >
              Reuse seed
            </button>
            <button
              type="button"
              disabled={image.generationId === null && image.prompt === null}
              onClick={() => onReuse({ kind: 'settings', imageId })}
            >
              Reuse all settings
            </button>
            <button type="button" onClick={() => onReuse({ kind: 'canvas', imageId })}>
              Open in canvas
            </button>
          </div>
          <dl className="lib-params">
            {rows.map((row) => (
              <div key={row.label}>
                <dt>{row.label}</dt>
                <dd title={row.title}>
                  {row.value}
                  {/* The id on hover, and for screen readers (a hover is not for everyone). */}
                  {row.title ? <span className="visually-hidden"> ({row.title})</span> : null}
                </dd>
              </div>
            ))}
          </dl>
          <section className="lib-lineage" aria-label="Lineage">
            <h3>Lineage</h3>
            <p>
              Made from:{' '}
              {image.parentImageId ? (
                <button
                  type="button"
                  className="btn-link"
                  onClick={() => image.parentImageId && onOpen(image.parentImageId)}
                >
                  Image {image.parentImageId}
                </button>
              ) : (
                <span className="muted">nothing (an original)</span>
              )}
            </p>
            <p>
              Edits of this image:{' '}
              {image.editIds && image.editIds.length > 0 ? (
                image.editIds.map((id) => (
                  <button key={id} type="button" className="btn-link" onClick={() => onOpen(id)}>
                    Image {id}
                  </button>
                ))
              ) : (
                <span className="muted">none</span>
              )}
            </p>
          </section>
          {image.source === 'imported' ? (
            <section className="lib-imported" aria-label="Imported metadata">
              <h3>Metadata read from the file</h3>
              {metadataRows(image.importedMetadata).length === 0 ? (
                <p className="muted">The file carried no generation metadata.</p>
              ) : (
                <dl className="lib-params">
                  {metadataRows(image.importedMetadata).map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd>{v}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </section>
          ) : null}
          {image.inPlace ? (
            <InPlaceSection
              imageId={imageId}
              missing={image.missing === true}
              onCopied={() =>
                call('images.get', { imageId })
                  .then(({ image: record }) => setImage(record))
                  .catch(() => undefined)
              }
            />
          ) : null}
          <p>
            <button type="button" className="btn-quiet" onClick={() => onReveal(imageId)}>
              Show in file manager
            </button>
          </p>
        </>
      )}
    </aside>
  );
}

/** An image indexed in place: where it lives, and "Copy into library" (refused while its file is missing). */
function InPlaceSection({ imageId, missing, onCopied }: { imageId: string; missing: boolean; onCopied: () => void }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const copy = () => {
    setState({ busy: true, error: null });
    call('images.copyIntoLibrary', { imageIds: [imageId] })
      .then((r) => {
        const failure = r.failures[0];
        setState({ busy: false, error: failure ? failure.error.message : null });
        if (r.copied > 0) onCopied();
      })
      .catch((e: unknown) => setState({ busy: false, error: e instanceof Error ? e.message : String(e) }));
  };
  return (
    <section className="lib-in-place" aria-label="Where the file is">
      <p className={missing ? 'ui-error' : 'muted'}>
        {missing
          ? 'The file is missing: it was moved or deleted from its folder. Put it back, or add the folder it moved to.'
          : 'Kept in its own folder (indexed in place, not copied).'}
      </p>
      <button type="button" disabled={missing || state.busy} onClick={copy}>
        {state.busy ? 'Copying…' : 'Copy into library'}
      </button>
      {state.error ? (
        <p className="ui-error" role="alert">
          {state.error}
        </p>
      ) : null}
    </section>
  );
}
