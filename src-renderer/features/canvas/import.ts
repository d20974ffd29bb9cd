// Files dropped on the canvas: imported into the library, then placed.
import { ApiError, call } from '../../api.ts';
import { appStore } from '../../store/index.ts';
import { placeImages } from './place.ts';

export async function importDropped(paths: readonly string[], fileCount: number): Promise<void> {
  if (paths.length === 0) {
    if (fileCount > 0)
      appStore.getState().setRunOutcome({
        error: {
          code: 'io',
          message: 'These files have no location on disk Easel can read; save them first, then drop them again.',
        },
      });
    return;
  }
  try {
    const { imageIds, failures } = await call('images.import', { paths: [...paths] });
    await placeImages(imageIds);
    if (failures.length > 0)
      appStore.getState().setRunOutcome({
        error: {
          code: failures[0]?.error.code ?? 'io',
          message: failures.map((f) => `${f.path}: ${f.error.message}`).join(' '),
        },
      });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    appStore.getState().setRunOutcome({ error: { code: error.data.code, message: error.data.message } });
  }
}
