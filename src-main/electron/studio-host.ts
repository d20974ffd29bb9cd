// The facade as the shell sees it: contract handlers, an event stream, the image resolver and
// import. Plain code (no electron import) so that main.ts and the test bridge share it.
import type { EventEnvelope } from '../../src-shared/contract.ts';
import type { Studio } from '../core/studio.ts';
import { jobSummary } from '../core/studio/handlers.ts';
import type { StudioHost } from './host.ts';

type Listener = (event: EventEnvelope) => void;

export function hostFromStudio(studio: Studio): StudioHost {
  const listeners = new Set<Listener>();
  const emit = (event: EventEnvelope) => {
    for (const listener of listeners) listener(event);
  };
  studio.onJobUpdate((update) => {
    const job = jobSummary(update.job, update.waitingForNetwork);
    emit({
      name: 'job.updated',
      payload: { jobId: job.id, status: job.status, attempt: job.attempts, error: update.error ?? job.error, imageId: job.imageId, job },
    });
  });
  return {
    handlers: studio.handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    resolveImage: (imageId, variant) => studio.resolveImageFile(imageId, variant),
    // Full images live in <data>/library and thumbnails in <data>/thumbs: both under the data folder.
    libraryRoot: studio.dataDir,
    dataDir: studio.dataDir,
    async importFiles(paths) {
      const results = await studio.importFiles(paths);
      const imageIds = results.flatMap((result) => (result.imageId === undefined ? [] : [result.imageId]));
      if (imageIds.length > 0) emit({ name: 'images.added', payload: { imageIds } });
      return { imageIds };
    },
    close: () => studio.close(),
  };
}
