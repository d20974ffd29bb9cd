// Shared by the catalog's unit tests: real image headers as base64, and params from the schema.
import { GenerationParamsSchema } from '../domain.ts';
import type { GenerationParams, GenerationParamsInput } from '../domain.ts';

/** A complete 1×1 PNG. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
/** The start of a JPEG (SOI + APP0), enough for the parser's signature check. */
export const JPEG_BASE64 = btoa(String.fromCharCode(0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1));
/** Valid base64 that is not an image. */
export const TEXT_BASE64 = btoa('hello, this is not an image');

export function params(input: GenerationParamsInput): GenerationParams {
  return GenerationParamsSchema.parse(input);
}
