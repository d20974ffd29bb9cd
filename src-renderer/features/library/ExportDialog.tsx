// Export the selection or a collection: folder, naming template (live preview), metadata, sidecars.
import { useEffect, useState } from 'react';
import { call } from '../../api.ts';
import { Dialog } from './Dialog.tsx';
import { exportImages } from './export-call.ts';
import type { ExportOutcome } from './export-call.ts';
import {
  DEFAULT_TEMPLATE,
  extensionOf,
  previewName,
  templateProblem,
  templateValues,
} from '../../../src-shared/file-names.ts';
import type { CallResponse } from '../../../src-shared/contract/index.ts';

type ImageDetail = CallResponse<'images.get'>['image'];

interface Props {
  imageIds: string[];
  collection: { id: string; name: string } | null;
  onClose: () => void;
}

const PREVIEW_COUNT = 3;

export function ExportDialog({ imageIds, collection, onClose }: Props) {
  const [folder, setFolder] = useState('');
  const [template, setTemplate] = useState(collection ? '{collection}/{index}_{prompt}' : DEFAULT_TEMPLATE);
  const [withMetadata, setWithMetadata] = useState(true);
  const [sidecar, setSidecar] = useState(false);
  const [samples, setSamples] = useState<ImageDetail[]>([]);
  const [state, setState] = useState<{ busy: boolean; error: string | null; outcome: ExportOutcome | null }>({
    busy: false,
    error: null,
    outcome: null,
  });

  useEffect(() => {
    let live = true;
    Promise.all(imageIds.slice(0, PREVIEW_COUNT).map((imageId) => call('images.get', { imageId }).then((r) => r.image)))
      .then((images) => live && setSamples(images))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [imageIds]);

  const problem = templateProblem(template);
  const previews =
    problem === null
      ? samples.map((image, i) =>
          previewName(
            template,
            templateValues(image, i + 1, imageIds.length, collection?.name ?? null),
            extensionOf(image.mimeType),
          ),
        )
      : [];
  const canExport = problem === null && folder.trim() !== '' && !state.busy;

  const run = () => {
    setState({ busy: true, error: null, outcome: null });
    exportImages({
      ...(collection ? { collectionId: collection.id } : { imageIds }),
      folder: folder.trim(),
      template: template.trim(),
      withMetadata,
      sidecar,
    })
      .then((outcome) => setState({ busy: false, error: null, outcome }))
      .catch((e: unknown) =>
        setState({ busy: false, error: e instanceof Error ? e.message : String(e), outcome: null }),
      );
  };

  return (
    <Dialog
      title={
        collection
          ? `Export collection “${collection.name}”`
          : `Export ${imageIds.length} image${imageIds.length === 1 ? '' : 's'}`
      }
      onClose={onClose}
      wide
    >
      <div className="ui-dialog-body ui-form">
        <label>
          Folder{' '}
          <input
            aria-label="Export folder"
            placeholder="/home/me/game/assets/sprites"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
        <label>
          File names{' '}
          <input
            aria-label="File name template"
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
            aria-invalid={problem !== null}
          />
        </label>
        <p className="ui-hint">
          Fields: {'{prompt} {seed} {model} {date} {index} {width} {height} {id} {collection}'} — “/” makes folders.
        </p>
        {problem ? (
          <p className="ui-error" role="alert">
            {problem}
          </p>
        ) : (
          <ul className="exp-preview" aria-label="File name preview">
            {previews.map((p, i) => (
              <li key={i}>
                <code>{p}</code>
              </li>
            ))}
            {imageIds.length > PREVIEW_COUNT ? (
              <li className="ui-hint">…and {imageIds.length - PREVIEW_COUNT} more</li>
            ) : null}
          </ul>
        )}
        <label className="lib-check">
          <input type="checkbox" checked={withMetadata} onChange={(e) => setWithMetadata(e.target.checked)} /> Keep
          generation metadata in the files
        </label>
        <label className="lib-check">
          <input type="checkbox" checked={sidecar} onChange={(e) => setSidecar(e.target.checked)} /> Write a JSON
          sidecar beside each image
        </label>
        {state.error ? (
          <p className="ui-error" role="alert">
            {state.error}
          </p>
        ) : null}
        {state.outcome ? (
          <p role="status" className="ui-ok">
            Exported {state.outcome.exported} file{state.outcome.exported === 1 ? '' : 's'} to {state.outcome.folder}
            {state.outcome.failed
              ? `; ${state.outcome.failed} failed (${state.outcome.firstError ?? 'see the log'})`
              : ''}
            .
          </p>
        ) : null}
      </div>
      <footer className="ui-dialog-foot">
        <button type="button" className="btn-quiet" onClick={onClose}>
          {state.outcome ? 'Done' : 'Cancel'}
        </button>
        <button type="button" className="btn-primary" onClick={run} disabled={!canExport}>
          {state.busy ? 'Exporting…' : 'Export files'}
        </button>
      </footer>
    </Dialog>
  );
}
