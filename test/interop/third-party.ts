// Where the interop suite finds the third-party images: real files written by other tools (the
// test resources of the MIT-licensed d3x-at/sd-parsers), which the repository does not carry.
// EASEL_INTEROP_FIXTURES names their folder; by default ../shared/fixtures/foreign-images beside
// the checkout, where the project's machines keep them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

export const THIRD_PARTY_IMAGES = resolve(
  REPO_ROOT,
  process.env.EASEL_INTEROP_FIXTURES ?? '../shared/fixtures/foreign-images',
);

export const THIRD_PARTY_PRESENT = existsSync(resolve(THIRD_PARTY_IMAGES, 'AUTOMATIC1111'));
