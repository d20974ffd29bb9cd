import { describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { mapCredentialError } from './errors.ts';

describe('mapCredentialError', () => {
  it('keeps an EaselError but redacts its message', () => {
    const original = new EaselError('no-region', 'no region for AKIAIOSFODNN7EXAMPLE');
    const mapped = mapCredentialError(original, 'dev');
    expect(mapped.code).toBe('no-region');
    expect(mapped.message).toBe('no region for [REDACTED]');
    const clean = new EaselError('no-region', 'no region');
    expect(mapCredentialError(clean, 'dev')).toBe(clean);
  });

  it('network failures are retryable network errors', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const mapped = mapCredentialError(error, 'dev');
    expect(mapped).toMatchObject({ code: 'network', retryable: true });
  });

  it('a cycle in source_profile is a configuration error', () => {
    const mapped = mapCredentialError(
      new Error('Detected a cycle attempting to resolve credentials for profile a. Profiles visited: a, b'),
      'a',
    );
    expect(mapped.code).toBe('profile-config-invalid');
  });

  it('anything unrecognised is credentials-missing with the (redacted) detail, never internal', () => {
    const mapped = mapCredentialError(
      'weird failure with secret_access_key=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      'dev',
    );
    expect(mapped.code).toBe('credentials-missing');
    expect(mapped.message).toContain('weird failure');
    expect(mapped.message).not.toContain('wJalr');
  });
});
