import { describe, expect, it } from 'vitest';
import { EaselError } from '../../../src-shared/errors.ts';
import { apiKeyFormatProblem, maskApiKey } from '../../../src-shared/bedrock-api-key.ts';
import {
  API_KEY_PROFILE,
  apiKeyFor,
  checkApiKey,
  environmentApiKey,
  shortTermKeyRegion,
  usesApiKey,
} from './api-key.ts';

const LONG_TERM = 'ABSKQmVkcm9ja0FQSUtleS1lbXVsYXRvci1hdC0wMDAwMDAwMDAwMDA6c2VjcmV0';
const shortTerm = (region: string) =>
  `bedrock-api-key-${Buffer.from(
    `bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=AKIDEXAMPLE%2F20261201%2F${region}%2Fbedrock%2Faws4_request&X-Amz-Expires=43200&Version=1`,
  ).toString('base64')}`;

describe('Bedrock API key format', () => {
  it('accepts both kinds of key, trimmed', () => {
    expect(checkApiKey(`  ${LONG_TERM}\n`)).toBe(LONG_TERM);
    expect(checkApiKey(shortTerm('us-west-2'))).toBe(shortTerm('us-west-2'));
  });

  it('refuses a wrong prefix, a wrong length or stray characters, never quoting the key', () => {
    for (const bad of [
      'AKIAIOSFODNN7EXAMPLEAAAAAAAAAA',
      'ABSKshort',
      `${LONG_TERM} extra`,
      `ABSK${'A'.repeat(9000)}`,
    ]) {
      const problem = apiKeyFormatProblem(bad);
      expect(problem, bad.slice(0, 20)).not.toBeNull();
      expect(problem).not.toContain(bad.slice(4, 12));
      expect(() => checkApiKey(bad)).toThrow(EaselError);
    }
  });

  it('masks to the prefix and the last four characters', () => {
    expect(maskApiKey(LONG_TERM)).toBe('ABSK…cmV0');
    expect(maskApiKey(shortTerm('us-west-2'))).toMatch(/^bedrock-api-key-….{4}$/);
  });

  it("reads a short-term key's region from its credential scope", () => {
    expect(shortTermKeyRegion(shortTerm('eu-central-1'))).toBe('eu-central-1');
    expect(shortTermKeyRegion(LONG_TERM)).toBeUndefined();
    expect(shortTermKeyRegion('bedrock-api-key-bm90IGEgdXJs')).toBeUndefined();
  });
});

describe('which calls use the key', () => {
  const key = { key: LONG_TERM, source: 'settings' as const };
  it('uses it when chosen by name, or by default while AWS_PROFILE is unset', () => {
    expect(usesApiKey(API_KEY_PROFILE, { AWS_PROFILE: 'dev' }, key)).toBe(true);
    expect(usesApiKey(undefined, {}, key)).toBe(true);
    expect(usesApiKey(null, {}, key)).toBe(true);
    expect(usesApiKey(undefined, { AWS_PROFILE: 'dev' }, key)).toBe(false);
    expect(usesApiKey('default', {}, key)).toBe(false);
    expect(usesApiKey(undefined, {}, null)).toBe(false);
  });

  it('reads AWS_BEARER_TOKEN_BEDROCK, and refuses the pseudo-profile when there is no key', () => {
    expect(environmentApiKey({ AWS_BEARER_TOKEN_BEDROCK: ` ${LONG_TERM} ` })).toEqual({
      key: LONG_TERM,
      source: 'environment',
    });
    expect(environmentApiKey({ AWS_BEARER_TOKEN_BEDROCK: ' ' })).toBeNull();
    expect(apiKeyFor('default', {}, key)).toBeNull();
    expect(() => apiKeyFor(API_KEY_PROFILE, {}, null)).toThrow(/No Bedrock API key is set/);
  });
});
