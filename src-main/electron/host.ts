// What the Electron shell (and the test bridge) needs from the core: the contract handlers (the
// facade), its event stream, the image resolver, import, and where data lives. main.ts builds
// ONE StudioHost in createStudioHost(); nothing else in the shell touches core.
import type { EventEnvelope, StudioHandlers } from '../../src-shared/contract/index.ts';
import type { ImageResolver } from './image-protocol.ts';

export interface StudioHost {
  /** One handler per contract call (the facade `satisfies StudioHandlers`). */
  readonly handlers: StudioHandlers;
  /** Job progress and library events; returns the unsubscribe function. */
  subscribe(listener: (event: EventEnvelope) => void): () => void;
  /** Image id + variant -> file inside the data folder's library/ or thumbs/ (SQLite lookup), or null. */
  readonly resolveImage: ImageResolver;
  /** Every image file lives under this folder; protocol and drag refuse anything else. */
  readonly libraryRoot: string;
  /** The data folder shared with the CLI (database, library, logs). */
  readonly dataDir: string;
  /** Imports files chosen in the File > Import… dialog (drops use the `images.import` call). */
  importFiles(paths: string[]): Promise<{ imageIds: string[] }>;
  /** Stops accepting work and closes the database; running jobs are recovered on next start. */
  close(): Promise<void>;
}
