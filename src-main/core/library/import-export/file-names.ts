// Export file names: the naming template and the rules that make a name safe on Windows, macOS and
// Linux at once (the export folder may be a USB stick or a network share read elsewhere).
import { EaselError } from '../../../../src-shared/errors.ts';

export const DEFAULT_TEMPLATE = '{prompt}_{seed}';
export const TEMPLATE_FIELDS = ['collection', 'prompt', 'seed', 'model', 'id', 'date', 'index', 'width', 'height'] as const;
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

// Windows refuses these as a file's base name, with any extension, in any case (also COM¹²³/LPT¹²³).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
// <>:"/\|?* are reserved on Windows (and / everywhere, : on classic macOS); controls are C0, DEL, C1.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const IMAGE_EXTENSION = /\.(png|jpe?g|webp)$/i;

/** Checks a template and returns it without a trailing image extension (the image's own is used). */
export function parseTemplate(template: string): string {
  const trimmed = template.trim().replace(IMAGE_EXTENSION, '');
  if (trimmed === '') throw new EaselError('validation', 'The file name template is empty; try "{prompt}_{seed}".', { field: 'template' });
  for (const match of trimmed.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(name)) {
      throw new EaselError('validation', `The file name template uses {${name}}, which Easel does not know. Use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')} and / for folders.`, { field: 'template' });
    }
  }
  return trimmed;
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
    const rendered = part.replace(PLACEHOLDER, (_all, name: string) => sanitizeValue(values[name as TemplateField] ?? ''));
    const safe = safeComponent(rendered);
    if (i === parts.length - 1) segments.push(safe === '' ? safeComponent(fallback) : safe);
    else if (safe !== '' && segments.length < MAX_FOLDERS) segments.push(safe);
  });
  return segments;
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

/** The longest prefix of `text` whose UTF-8 encoding fits in `max` bytes, cut between code points. */
export function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
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

/** "name", "name (2)", "name (3)"... */
export function numbered(base: string, n: number): string {
  return n <= 1 ? base : `${base} (${n})`;
}
