// Export the selection or a collection: folder (the system's picker where the shell has one, else
// a typed path), naming template (live preview), metadata, sidecars.
import { useEffect, useState } from 'react';
import { call } from '../../api.ts';
import { Dialog } from './Dialog.tsx';
import { exportImages } from './export-call.ts';
import type { ExportOutcome } from './export-call.ts';
import {
  COLLECTION_TEMPLATE,
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
  /** `only: 'selected'`: the `imageIds` of this collection, else all of it. */
  collection: { id: string; name: string; only?: 'selected' } | null;
  onClose: () => void;
}

const PREVIEW_COUNT = 3;

/** Whether the shell has a folder picker (Electron), asked once. */
export function useCanPickFolder(): boolean {
  const [can, setCan] = useState(false);
  useEffect(() => {
    let live = true;
    call('shell.capabilities', {})
      .then((c) => live && setCan(c.pickFolder))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return can;
}

/** The export folder: a typed absolute path, and "Choose folder…" (the system's picker) in Electron. */
function FolderField({ folder, onChange }: { folder: string; onChange: (folder: string) => void }) {
  const canPick = useCanPickFolder();
  const pick = () => {
    call('shell.pickFolder', { title: 'Export to folder' })
      .then((r) => r.folder !== null && onChange(r.folder))
      .catch(() => undefined);
  };
  return (
    <div className="exp-folder">
      <label>
        Folder{' '}
        <input
          aria-label="Export folder"
          placeholder="/home/me/game/assets/sprites"
          value={folder}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {canPick ? (
        <button type="button" onClick={pick}>
          Choose folder…
        </button>
      ) : null}
    </div>
  );
}

export function ExportDialog({ imageIds, collection, onClose }: Props) {
  const [folder, setFolder] = useState('');
  const [template, setTemplate] = useState(collection ? COLLECTION_TEMPLATE : DEFAULT_TEMPLATE);
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
      // A collection's images carry their position in it ({index}, the sidecar's collectionIndex).
      ...(collection
        ? { collectionId: collection.id, ...(collection.only === 'selected' ? { imageIds } : {}) }
        : { imageIds }),
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
        collection?.only === 'selected'
          ? `Export ${imageIds.length} image${imageIds.length === 1 ? '' : 's'} of “${collection.name}”`
          : collection
            ? `Export collection “${collection.name}”`
            : `Export ${imageIds.length} image${imageIds.length === 1 ? '' : 's'}`
      }
      onClose={onClose}
      wide
    >
      <div className="ui-dialog-body ui-form">
        <FolderField folder={folder} onChange={setFolder} />
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
          {
            'Fields: {slug} {prompt} {seed} {model} {date} {index} {width} {height} {id} {collection} — {slug} is the prompt without spaces or commas, “/” makes folders.'
          }
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
