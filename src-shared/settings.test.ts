import { describe, expect, it } from 'vitest';
import {
  isSettingKey,
  readSetting,
  readSettings,
  SETTING_KEYS,
  SETTINGS,
  SettingsSchema,
  SettingUpdateSchema,
} from './settings.ts';
import type { SettingKey, SettingUpdate } from './settings.ts';

/** For each key, a value of the wrong type and a value of the right type that its rules refuse. */
const REFUSED: Record<SettingKey, unknown[]> = {
  'defaults.modelId': [42, null, 'm'.repeat(201)],
  'defaults.size': [1024, '1024', '1024x', 'big'],
  'jobs.concurrency': ['4', 0, 17, 2.5, null],
  'ui.theme': ['blue', true, null],
  'data.previousDir': [7, '', 'x'.repeat(4097)],
  'bedrock.allowedRegions': [
    'us-west-2',
    7,
    Array.from({ length: 41 }, () => 'us-west-2'),
    ['us-west-2', 'us-east-2', 'us-west-2'],
  ],
  'video.outputBucket': ['my-bucket', 's3://', 's3://UPPER', 7],
  'video.deleteAfterDownload': ['yes', 1, null],
};
const ACCEPTED: Record<SettingKey, unknown[]> = {
  'defaults.modelId': ['amazon.nova-canvas-v1:0', ''],
  'defaults.size': ['768x768', ''],
  'jobs.concurrency': [1, 16],
  'ui.theme': ['dark', 'light'],
  'data.previousDir': ['/home/ada/Easel', null],
  'bedrock.allowedRegions': [null, [], ['us-east-1', 'us-west-2'], ['us-gov-west-1']],
  'video.outputBucket': [null, 's3://my-videos', 's3://my-videos/easel-out'],
  'video.deleteAfterDownload': [true, false],
};

describe('the settings table', () => {
  it('takes only region codes as the regions Easel may call (a bad list reads as the default)', () => {
    for (const bad of [['US-WEST-2'], ['us-west-2; rm -rf /'], [7], ['']])
      expect(readSetting('bedrock.allowedRegions', bad), JSON.stringify(bad)).toBeNull();
    expect(readSetting('bedrock.allowedRegions', ['eu-west-1', 'us-west-2'])).toEqual(['eu-west-1', 'us-west-2']);
  });

  it('holds the keys main and the renderer use', () => {
    expect([...SETTING_KEYS].sort()).toEqual([
      'bedrock.allowedRegions',
      'data.previousDir',
      'defaults.modelId',
      'defaults.size',
      'jobs.concurrency',
      'ui.theme',
      'video.deleteAfterDownload',
      'video.outputBucket',
    ]);
  });

  it("gives every key a default that passes the key's own schema", () => {
    for (const key of SETTING_KEYS) {
      const spec = SETTINGS[key];
      expect(spec.schema.safeParse(spec.default).success, key).toBe(true);
    }
    expect(SettingsSchema.safeParse(readSettings(() => undefined)).success).toBe(true);
  });

  it('recognises keys by own property only', () => {
    expect(isSettingKey('ui.theme')).toBe(true);
    for (const key of ['toString', '__proto__', 'constructor', 'ui', '', 42, null])
      expect(isSettingKey(key)).toBe(false);
  });

  it('reads a stored value through its schema, the default standing in for unset or invalid ones', () => {
    expect(readSetting('jobs.concurrency', 5)).toBe(5);
    expect(readSetting('jobs.concurrency', undefined)).toBe(2);
    expect(readSetting('jobs.concurrency', 'five')).toBe(2);
    expect(readSetting('jobs.concurrency', 99)).toBe(2);
    expect(readSetting('ui.theme', 'light')).toBe('light');
    expect(readSetting('ui.theme', { mode: 'dark' })).toBe('dark');
    expect(readSetting('data.previousDir', '')).toBeNull();
    const stored: Partial<Record<SettingKey, unknown>> = { 'defaults.size': '768x768', 'ui.theme': 'purple' };
    expect(readSettings((key) => stored[key])).toEqual({
      'defaults.modelId': '',
      'defaults.size': '768x768',
      'jobs.concurrency': 2,
      'ui.theme': 'dark',
      'data.previousDir': null,
      'bedrock.allowedRegions': null,
      'video.outputBucket': null,
      'video.deleteAfterDownload': false,
    });
  });

  it("accepts an update whose value passes its key's schema", () => {
    for (const key of SETTING_KEYS) {
      for (const value of ACCEPTED[key]) {
        const parsed = SettingUpdateSchema.safeParse({ key, value });
        expect(parsed.success, `${key} = ${JSON.stringify(value)}`).toBe(true);
        expect(parsed.data).toEqual({ key, value } as SettingUpdate);
      }
    }
  });

  it("refuses a value of the wrong type or outside its key's rules, on `value`", () => {
    for (const key of SETTING_KEYS) {
      for (const value of REFUSED[key]) {
        const parsed = SettingUpdateSchema.safeParse({ key, value });
        expect(parsed.success, `${key} = ${JSON.stringify(value)}`).toBe(false);
        expect(parsed.error?.issues[0]?.path, key).toEqual(['value']);
      }
    }
  });

  it('refuses an unknown key, a missing value and extra fields', () => {
    for (const key of ['theme', 'toString', '__proto__', '', 7, undefined]) {
      const parsed = SettingUpdateSchema.safeParse({ key, value: 'dark' });
      expect(parsed.success, String(key)).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['key']);
    }
    expect(SettingUpdateSchema.safeParse({ key: 'ui.theme' }).success).toBe(false);
    expect(SettingUpdateSchema.safeParse({ key: 'ui.theme', value: 'dark', also: 1 }).success).toBe(false);
  });

  it('answers settings.get with every key and no other', () => {
    const all = readSettings(() => undefined);
    expect(SettingsSchema.safeParse({ ...all, 'ui.theme': 'blue' }).success).toBe(false);
    expect(SettingsSchema.safeParse({ ...all, extra: 1 }).success).toBe(false);
    const { 'ui.theme': _theme, ...missing } = all;
    expect(SettingsSchema.safeParse(missing).success).toBe(false);
  });
});
