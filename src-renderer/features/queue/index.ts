export { QueuePanel } from './QueuePanel.tsx';
export { loadJobs, refreshNetworkState, startJobTracking, trackJobs } from './jobs.ts';
export { isActive } from './queueSlice.ts';
export type { JobSummary } from './queueSlice.ts';
