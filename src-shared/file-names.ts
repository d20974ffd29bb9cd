// Export file names: the naming template (fields, validation, rendering) and the rules that make a
// name safe on Windows, macOS and Linux at once (the export folder may be a USB stick or a network
// share read elsewhere). Pure: main's export writes these names and the renderer's export dialog
// previews them with the same code, so the preview is what the user gets (less the " (2)" numbering
// of names already taken in the folder).
import { EaselError } from './errors.ts';

/**
 * The template used when none is given (the CLI's `library export`, the export dialog): the prompt's
 * words as a slug, then the seed — "a-red-dragon-on-a-hill_42.png": no spaces, commas or capitals
 * unless a template asks for them with `{prompt}` (the prompt as written) or its own text.
 */
export const DEFAULT_TEMPLATE = '{slug}_{seed}';
/** The export dialog's template for a collection: its folder, the position in it, the slug. */
export const COLLECTION_TEMPLATE = '{collection}/{index}_{slug}';
export const TEMPLATE_FIELDS = [
  'collection',
  'prompt',
  'slug',
  'seed',
  'model',
  'id',
  'date',
  'index',
  'width',
  'height',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateValues = Record<TemplateField, string>;

/** Characters of the prompt kept in a name (cut at a word boundary when one is near). */
export const PROMPT_NAME_CHARS = 60;
/**
 * Bytes (UTF-8) of one path component before the extension. 255 is the limit of ext4, APFS, NTFS
 * and exFAT; the rest leaves room for " (999)", the extension and the sidecar's ".json".
 */
export const MAX_COMPONENT_BYTES = 200;
const MAX_FOLDERS = 8;
/** `{index}` has at least this many digits (more when the export has more images). */
const MIN_INDEX_DIGITS = 3;

// Windows refuses these as a file's base name, with any extension, in any case (also COM¹²³/LPT¹²³).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
// <>:"/\|?* are reserved on Windows (and / everywhere, : on classic macOS); controls are C0, DEL, C1.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const IMAGE_EXTENSION = /\.(png|jpe?g|webp)$/i;

/** The template without surrounding space and a trailing image extension (the image's own is used). */
function withoutExtension(template: string): string {
  return template.trim().replace(IMAGE_EXTENSION, '');
}

/** null when the template is usable, else what is wrong with it, in words. */
export function templateProblem(template: string): string | null {
  const trimmed = withoutExtension(template);
  if (trimmed === '') return `The file name template is empty; try "${DEFAULT_TEMPLATE}".`;
  for (const match of trimmed.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(name)) {
      return `Unknown field {${name}}: the file name template uses {${name}}, which Easel does not know. Use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')} and / for folders.`;
    }
  }
  return null;
}

/** Checks a template and returns it without a trailing image extension; throws a validation error. */
export function parseTemplate(template: string): string {
  const problem = templateProblem(template);
  if (problem !== null) throw new EaselError('validation', problem, { field: 'template' });
  return withoutExtension(template);
}

/**
 * Renders a parsed template into safe relative path segments (folders..., base name without
 * extension). Values never create folders: a "/" in a prompt becomes "_"; only the template's own
 * "/" separates folders. Empty folder segments are dropped; an empty base name becomes `fallback`.
 */
export function renderTemplate(template: string, values: TemplateValues, fallback: string): string[] {
  const parts = template.split(/[/\\]/);
  const segments: string[] = [];
  parts.forEach((part, i) => {
    const rendered = part.replace(PLACEHOLDER, (_all, name: string) =>
      sanitizeValue(values[name as TemplateField] ?? ''),
    );
    const safe = safeComponent(rendered);
    if (i === parts.length - 1) segments.push(safe === '' ? safeComponent(fallback) : safe);
    else if (safe !== '' && segments.length < MAX_FOLDERS) segments.push(safe);
  });
  return segments;
}

/** The base name an image gets when its template renders to nothing. */
export function fallbackName(imageId: string): string {
  return `image-${imageId}`;
}

/** The relative path an image gets ("folder/name.png") before numbering of names already taken. */
export function previewName(template: string, values: TemplateValues, extension: string): string {
  return `${renderTemplate(withoutExtension(template), values, fallbackName(values.id)).join('/')}.${extension}`;
}

/** What a name is made from: the image's own fields. A seed beyond 2^53 is its decimal text. */
export interface NameSource {
  id: string;
  prompt: string | null;
  seed: number | string | null;
  modelId: string | null;
  createdAt: string;
  width: number;
  height: number;
}

/** The template values of the `index`-th image (1-based) of an export of `total` images. */
export function templateValues(
  image: NameSource,
  index: number,
  total: number,
  collection: string | null,
): TemplateValues {
  return {
    collection: collection ?? '',
    prompt: promptForName(image.prompt),
    slug: slugForName(image.prompt),
    seed: image.seed === null ? '' : String(image.seed),
    model: image.modelId ?? '',
    id: image.id,
    date: new Date(image.createdAt).toISOString().slice(0, 10),
    index: String(index).padStart(Math.max(MIN_INDEX_DIGITS, String(total).length), '0'),
    width: String(image.width),
    height: String(image.height),
  };
}

/** The file extension export uses for a stored image's MIME type. */
export function extensionOf(mimeType: string): string {
  return mimeType === 'image/jpeg' ? 'jpg' : mimeType === 'image/webp' ? 'webp' : 'png';
}

/** A value inside a name: no separators, no line breaks, single spaces. */
function sanitizeValue(value: string): string {
  return value.replace(UNSAFE_CHARS, '_').replace(/\s+/g, ' ');
}

/**
 * One path component made safe everywhere: NFC, no reserved characters or controls, no leading
 * dots (hidden files, "." and ".."), no trailing dots or spaces (Windows drops them), no reserved
 * device name, at most MAX_COMPONENT_BYTES of UTF-8 (never splitting a character). May return "".
 */
export function safeComponent(raw: string): string {
  let name = raw.normalize('NFC').replace(/\s+/g, ' ').replace(UNSAFE_CHARS, '_');
  // Separators left over from empty values: "prompt_" → "prompt", "__" → "_".
  name = name.replace(/_{2,}/g, '_');
  name = trimEdges(truncateBytes(trimEdges(name), MAX_COMPONENT_BYTES));
  const base = name.split('.')[0]?.trim() ?? '';
  if (RESERVED.test(base)) name = `${base}_${name.slice(base.length)}`;
  return name;
}

/** Strips leading/trailing separators, dots and spaces (dots: hidden files, "..", Windows). */
function trimEdges(name: string): string {
  return name.replace(/^[._\- ]+/, '').replace(/[._\- ]+$/, '');
}

/** UTF-8 length of one code point (a lone surrogate is written as U+FFFD: 3 bytes). */
function utf8Bytes(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `max` bytes, cut between code points. */
export function truncateBytes(text: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (bytes + size > max) break;
    out += char;
    bytes += size;
  }
  return out;
}

/** The prompt as it goes into a name: first PROMPT_NAME_CHARS characters, cut at a word if one is near. */
export function promptForName(prompt: string | null): string {
  if (prompt === null) return '';
  const flat = prompt.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= PROMPT_NAME_CHARS) return flat;
  const cut = chars.slice(0, PROMPT_NAME_CHARS).join('');
  if (chars[PROMPT_NAME_CHARS] === ' ') return cut.trim(); // the cut falls between two words
  const space = cut.lastIndexOf(' ');
  return (space >= PROMPT_NAME_CHARS * 0.6 ? cut.slice(0, space) : cut).trim();
}

/**
 * The prompt as a slug: its first PROMPT_NAME_CHARS characters in lower case, letters and digits
 * of any script kept, every other run of characters (spaces, commas, quotes) one "-".
 */
export function slugForName(prompt: string | null): string {
  return promptForName(prompt === null ? null : prompt.toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** "name", "name (2)", "name (3)"... */
export function numbered(base: string, n: number): string {
  return n <= 1 ? base : `${base} (${n})`;
}
