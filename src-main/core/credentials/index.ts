// Public API of the credentials module: AWS profiles, regions and credential providers. Plain Node.
export type { AwsEnv } from './files.ts';
export { configFilePath, credentialsFilePath } from './files.ts';
export type { ProfileInfo, ProfileKind } from './profiles.ts';
export { ENVIRONMENT_PROFILE, defaultProfileName, listProfiles, resolveRegion } from './profiles.ts';
export { credentialsFor, ssoTokenCachePath } from './provider.ts';
export { credentialsRejected, mapCredentialError } from './errors.ts';
