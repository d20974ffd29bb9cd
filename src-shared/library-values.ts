// The limits the contract puts on an image's typed fields (ImageSummarySchema, ImageRecordSchema),
// and the functions that bring any value within them. An imported file may state anything (A1111's
// `Seed: -1`, a 50,000-character prompt, a model name of a kilobyte); the library keeps such values
// as text in the imported-metadata record and only in-range values in its typed fields, so one odd
// file can never fail a listing. Used at import and again when a row is read (rows written before).

export const MAX_PROMPT_CHARS = 10_000;
export const MAX_MODEL_ID_CHARS = 200;

/** A seed the contract accepts: a whole number from 0 to 2^53 − 1; anything else is null. */
export function librarySeed(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** Prompt text cut to the contract's length at a character boundary (never half a surrogate pair). */
export function libraryPrompt(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  if (text.length <= MAX_PROMPT_CHARS) return text;
  const end = isHighSurrogate(text.charCodeAt(MAX_PROMPT_CHARS - 1)) ? MAX_PROMPT_CHARS - 1 : MAX_PROMPT_CHARS;
  return text.slice(0, end);
}

/** A model id or name the contract accepts; a longer one is not an id of anything: null. */
export function libraryModelId(text: string | null | undefined): string | null {
  return typeof text === 'string' && text.length <= MAX_MODEL_ID_CHARS ? text : null;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
