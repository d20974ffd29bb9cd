// "Add folder": a folder of images indexed where it is (no copy; subfolders too) and watched by
// main. The folder comes from the system's picker (shell.pickFolder, through main) when the shell
// has one, else from a typed path (the browser bridge).
import { useState } from 'react';
import { call } from '../../api.ts';
import { Dialog } from './Dialog.tsx';
import { useCanPickFolder } from './ExportDialog.tsx';

interface Props {
  /** The folder is indexed (text: what happened). */
  onAdded: (text: string) => void;
  onError: (error: unknown) => void;
}

export function AddFolderButton({ onAdded, onError }: Props) {
  const canPick = useCanPickFolder();
  const [busy, setBusy] = useState(false);
  const [typing, setTyping] = useState(false);

  const add = (folder: string, recursive: boolean) => {
    setBusy(true);
    call('images.addFolder', { folder, recursive })
      .then((r) => {
        const failed =
          r.failed > 0
            ? ` ${r.failed} could not be read${r.failures[0] ? ` (${r.failures[0].error.message})` : ''}.`
            : '';
        onAdded(
          `Added ${folder}: ${r.indexed.toLocaleString()} image${r.indexed === 1 ? '' : 's'} indexed where they are.${failed}`,
        );
      })
      .catch(onError)
      .finally(() => setBusy(false));
  };
  const start = () => {
    if (!canPick) return setTyping(true);
    call('shell.pickFolder', { title: 'Add a folder of images to the library' })
      .then((r) => r.folder !== null && add(r.folder, true))
      .catch(onError);
  };

  return (
    <>
      <button
        type="button"
        className="lib-add-folder"
        disabled={busy}
        title="Index a folder of images where it is (no copy) and watch it for new images"
        onClick={start}
      >
        {busy ? 'Adding folder…' : 'Add folder'}
      </button>
      {typing ? (
        <TypedFolderDialog
          onClose={() => setTyping(false)}
          onAdd={(folder, recursive) => {
            setTyping(false);
            add(folder, recursive);
          }}
        />
      ) : null}
    </>
  );
}

function TypedFolderDialog({
  onClose,
  onAdd,
}: {
  onClose: () => void;
  onAdd: (folder: string, recursive: boolean) => void;
}) {
  const [folder, setFolder] = useState('');
  const [recursive, setRecursive] = useState(true);
  const absolute = folder.startsWith('/') || /^[A-Za-z]:[\\/]/.test(folder) || folder.startsWith('\\\\');
  return (
    <Dialog title="Add folder" onClose={onClose}>
      <div className="ui-dialog-body">
        <p>The images stay where they are; Easel indexes them and watches the folder for new ones.</p>
        <label>
          Folder{' '}
          <input
            aria-label="Folder to add"
            placeholder="/home/me/stable-diffusion/outputs"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
        <label className="lib-check">
          <input type="checkbox" checked={recursive} onChange={(e) => setRecursive(e.target.checked)} /> Include
          subfolders
        </label>
      </div>
      <footer className="ui-dialog-foot">
        <button type="button" className="btn-quiet" onClick={onClose}>
          Cancel
        </button>
        <button type="button" disabled={!absolute} onClick={() => onAdd(folder, recursive)}>
          Add
        </button>
      </footer>
    </Dialog>
  );
}
