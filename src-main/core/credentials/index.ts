// Public API of the credentials module: AWS profiles, regions and credential providers. Plain Node.
export type { AwsEnv } from './files.ts';
export { configFilePath, credentialsFilePath } from './files.ts';
export type { ListProfilesOptions, ProfileInfo, ProfileKind } from './profiles.ts';
export { ENVIRONMENT_PROFILE, defaultProfileName, listProfiles, resolveRegion } from './profiles.ts';
export { credentialsFor, ssoTokenCachePath } from './provider.ts';
export { credentialsRejected, mapCredentialError } from './errors.ts';
export type { ApiKeySource, BedrockApiKey } from './api-key.ts';
export {
  API_KEY_ENV,
  API_KEY_PROFILE,
  apiKeyFor,
  checkApiKey,
  environmentApiKey,
  keyBoundRegion,
  usesApiKey,
} from './api-key.ts';
