// "Make video": shown on the canvas toolbar while one or more still images are selected; opens the
// Camera path dialog with them in left-to-right order (then top to bottom) and the prompt panel's
// prompt as a start.
import { useShallow } from 'zustand/react/shallow';
import { appStore, useApp } from '../../store/index.ts';
import { scene, useSceneVersion } from '../canvas/index.ts';
import { CameraPathDialog } from './CameraPathDialog.tsx';
import { imageLabel, newDraft } from './path.ts';

/** The selected canvas items that are still images, in path order. */
function selectedStills(selection: readonly string[]): { id: string; label: string }[] {
  const { imageInfo } = appStore.getState();
  return selection
    .flatMap((key) => scene.items.get(key) ?? [])
    .filter((item) => imageInfo[item.imageId]?.media !== 'video')
    .sort((a, b) => a.x - b.x || a.y - b.y)
    .map((item) => ({
      id: item.imageId,
      label: imageLabel({ id: item.imageId, prompt: imageInfo[item.imageId]?.prompt }),
    }));
}

export function MakeVideoButton() {
  useSceneVersion();
  const selection = useApp(useShallow((s) => s.selection));
  useApp((s) => s.imageInfo);
  const stills = selectedStills(selection);
  return (
    stills.length > 0 && (
      <button
        type="button"
        className="make-video"
        title="Make a video along a camera path through the selected images (Luma Ray2 on Bedrock)"
        onClick={() => appStore.getState().setCameraPath(newDraft(stills, appStore.getState().fields.prompt))}
      >
        Make video
      </button>
    )
  );
}

/** The Camera path dialog while a path is being edited (the workspace renders it once). */
export function CameraPathHost() {
  const draft = useApp((s) => s.cameraPath);
  return draft && <CameraPathDialog draft={draft} />;
}
