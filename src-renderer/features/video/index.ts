export { CameraPathHost, MakeVideoButton } from './MakeVideoButton.tsx';
export { VideoOutputCard } from './VideoOutputCard.tsx';
export { useActiveVideoCount, VideoQueue } from './VideoQueue.tsx';
export { loadVideoJobs, startVideoTracking } from './video-jobs.ts';
