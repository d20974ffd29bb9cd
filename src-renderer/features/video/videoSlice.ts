// Camera paths (video jobs) as the queue shows them, newest first, and the "Camera path" dialog's
// draft (null: the dialog is closed).
import type { VideoJob } from '../../../src-shared/contract/video.ts';
import type { SliceCreator } from '../../store/types.ts';
import type { PathDraft } from './path.ts';
import { isVideoActive } from './progress.ts';

export interface VideoSlice {
  videoJobs: Record<string, VideoJob>;
  /** Video job ids, newest first. */
  videoJobOrder: string[];
  cameraPath: PathDraft | null;
  upsertVideoJobs(jobs: readonly VideoJob[]): void;
  setCameraPath(draft: PathDraft | null): void;
  updateCameraPath(update: (draft: PathDraft) => PathDraft): void;
}

declare module '../../store/types.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this slice to the store's state
  interface AppState extends VideoSlice {}
}

export const createVideoSlice: SliceCreator<VideoSlice> = (set) => ({
  videoJobs: {},
  videoJobOrder: [],
  cameraPath: null,
  upsertVideoJobs: (incoming) =>
    set((s) => {
      if (incoming.length === 0) return s;
      const videoJobs = { ...s.videoJobs };
      for (const job of incoming) {
        // A call's answer and an event may cross: an ended job never goes back to running.
        const known = videoJobs[job.id];
        if (known !== undefined && !isVideoActive(known) && isVideoActive(job)) continue;
        videoJobs[job.id] = job;
      }
      const videoJobOrder = Object.values(videoJobs)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || Number(b.id) - Number(a.id))
        .map((job) => job.id);
      return { videoJobs, videoJobOrder };
    }),
  setCameraPath: (cameraPath) => set({ cameraPath }),
  updateCameraPath: (update) => set((s) => (s.cameraPath === null ? s : { cameraPath: update(s.cameraPath) })),
});
