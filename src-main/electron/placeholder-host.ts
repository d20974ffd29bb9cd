// TEMPORARY: a StudioHost with no core behind it, used by main.ts and `npm run dev:browser`
// until the facade (src-main/core/studio.ts) exists. It answers app.info and empty lists, and
// refuses everything else with a clear error. Delete this file when the facade is wired.
import { EaselError } from '../../src-shared/errors.ts';
import type { StudioHandlers } from '../../src-shared/contract.ts';
import type { StudioHost } from './host.ts';

export function createPlaceholderHost(args: { version: string; dataDir: string; libraryRoot: string }): StudioHost {
  const notYet = (): never => {
    throw new EaselError('internal', 'This build of Easel has no studio core yet: only the shell is wired.');
  };
  const handlers = {
    'app.info': async () => ({ name: 'Easel', version: args.version, dataDir: args.dataDir, demoMode: true }),
    'profiles.list': async () => ({ profiles: [] }),
    'models.list': async () => ({ models: [] }),
    generate: async () => notYet(),
    'jobs.list': async () => ({ jobs: [] }),
    'images.get': async () => {
      throw new EaselError('not-found', 'That image is not in the library.');
    },
    'images.list': async () => ({ images: [], nextCursor: null }),
    'images.import': async () => notYet(),
  } satisfies StudioHandlers;
  return {
    handlers,
    subscribe: () => () => {},
    resolveImage: async () => null,
    libraryRoot: args.libraryRoot,
    dataDir: args.dataDir,
    importFiles: async () => notYet(),
    close: async () => {},
  };
}
