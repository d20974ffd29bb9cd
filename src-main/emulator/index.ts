// Public API of the Bedrock emulator (see README.md). Plain Node: never imports electron, never
// imports the app's model catalog.
export type { EmulatorConfig } from './config.ts';
export { BEDROCK_2025 } from './config.ts';
export type { BillingEntry, EmulatorOptions, RunningEmulator } from './server.ts';
export type { Http2ClientWindow } from './transport.ts';
export type { Credentials as EmulatorCredentials } from './sigv4.ts';
export { EMULATOR_DEFAULT_CREDENTIALS, startEmulator } from './server.ts';
export { END_OF_LIFE_EXCEPTION, END_OF_LIFE_EXCEPTION_2025, MESSAGES as EMULATOR_MESSAGES } from './aws-errors.ts';
export { BEDROCK_REGIONS as EMULATED_REGIONS, MODELS as EMULATED_MODELS, US_PROFILE_REGIONS } from './models.ts';
export { EMULATOR_ACCOUNT_ID } from './routing.ts';
export { PRICE_TABLE as EMULATOR_PRICE_TABLE, PRICES_AS_OF as EMULATOR_PRICES_AS_OF } from './prices.ts';
