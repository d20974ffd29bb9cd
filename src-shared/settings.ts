// Every setting Easel keeps (the `settings` table of the data folder), each with its schema and its
// default: the one list that main's storage, the IPC contract (`settings.get`/`settings.set`) and
// the renderer read. A stored value that no longer fits its schema (written by another version, or
// by hand) reads as the default, so nothing unchecked reaches the app.
import { z } from 'zod';

export interface SettingSpec<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly default: z.output<S>;
}

function setting<S extends z.ZodType>(schema: S, fallback: z.output<S>): SettingSpec<S> {
  return { schema, default: fallback };
}

export const SETTINGS = {
  /** The prompt panel's model at start ('' = the first model the profile/region offers). */
  'defaults.modelId': setting(z.string().max(200), ''),
  /** The prompt panel's size at start, WIDTHxHEIGHT ('' = the model's own default). */
  'defaults.size': setting(z.union([z.literal(''), z.string().regex(/^\d{2,5}x\d{2,5}$/, 'must be WIDTHxHEIGHT')]), ''),
  /** Images generated at once (the job queue's concurrency). */
  'jobs.concurrency': setting(z.number().int().min(1).max(16), 2),
  'ui.theme': setting(z.enum(['dark', 'light']), 'dark'),
  /** The folder this data folder was moved from (left on disk for the user to delete), or null. */
  'data.previousDir': setting(z.string().min(1).max(4096).nullable(), null),
  /**
   * "Regions Easel may call" besides the profile's own (always allowed), in order of preference
   * (null = the default: the profile's region plus us-west-2, where the text-to-image models run).
   * Each region once; a short-term Bedrock API key narrows it to the key's region at run time.
   */
  'bedrock.allowedRegions': setting(
    z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be a region code such as us-west-2'))
      .max(40)
      .refine((regions) => new Set(regions).size === regions.length, 'names a region twice')
      .nullable(),
    null,
  ),
  /** Where Bedrock writes videos (s3://bucket or s3://bucket/prefix, in the model's region), or null. */
  'video.outputBucket': setting(
    z
      .string()
      .max(1024)
      .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be s3://bucket or s3://bucket/prefix')
      .nullable(),
    null,
  ),
  /** Delete a video's S3 copy once it is safely in the library. */
  'video.deleteAfterDownload': setting(z.boolean(), false),
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTINGS)[K]['schema']>;
/** Every setting with its value (the default when unset). */
export type Settings = { [K in SettingKey]: SettingValue<K> };
/** One setting and its new value, discriminated on the key. */
export type SettingUpdate = { [K in SettingKey]: { key: K; value: SettingValue<K> } }[SettingKey];

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** Own-property check: `toString`, `__proto__` are not settings. */
export function isSettingKey(key: unknown): key is SettingKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(SETTINGS, key);
}

/** A stored value read through its key's schema: the default when unset or no longer valid. */
export function readSetting<K extends SettingKey>(key: K, stored: unknown): SettingValue<K> {
  const spec: SettingSpec = SETTINGS[key];
  const parsed = spec.schema.safeParse(stored);
  return (parsed.success ? parsed.data : spec.default) as SettingValue<K>;
}

/** Every setting, each read through `readSetting` from what `stored` returns for its key. */
export function readSettings(stored: (key: SettingKey) => unknown): Settings {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, readSetting(key, stored(key))])) as Settings;
}

/** `settings.get`'s answer: every key with its own schema, no other key. */
export const SettingsSchema = z.strictObject(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].schema])) as {
    [K in SettingKey]: (typeof SETTINGS)[K]['schema'];
  },
);

const updateSchemas = SETTING_KEYS.map((key) => z.strictObject({ key: z.literal(key), value: SETTINGS[key].schema }));

/**
 * `settings.set`'s request: `key` names a setting of the table (else "Invalid discriminator value"
 * on `key`) and `value` must pass that setting's schema (else the issue is on `value`). Typed as
 * `SettingUpdate` because zod infers one uncorrelated object from options built by a map.
 */
export const SettingUpdateSchema = z.discriminatedUnion(
  'key',
  updateSchemas as [(typeof updateSchemas)[number], ...(typeof updateSchemas)[number][]],
) as unknown as z.ZodType<SettingUpdate, SettingUpdate>;
