// Public API of core/video (see README.md).
export { VideoRunner } from './runner.ts';
export type { VideoClients, VideoRunnerOptions } from './runner.ts';
export { checkBucket, createBucket, createS3Client, endpointForS3, mapS3Error, parseS3Uri } from './s3.ts';
export type { S3Location, S3Target } from './s3.ts';
export { listRunningInvocations, mapStartError } from './async-invoke.ts';
export { joinSegments, posterFrame, readMp4Facts } from './media.ts';
export type { Mp4Facts } from './media.ts';
export { ffmpegPath, runFfmpeg } from './ffmpeg.ts';
export { createVideoClients } from './clients.ts';
