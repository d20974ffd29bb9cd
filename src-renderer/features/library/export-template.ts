// The export dialog's naming template: validation and a live preview of the first names.
// Main (core/library/import-export/file-names.ts) is the authority on the names it writes; this
// mirrors its fields and folder rule so the user sees roughly what they get before exporting.

export const DEFAULT_TEMPLATE = '{prompt}_{seed}';
export const TEMPLATE_FIELDS = ['collection', 'prompt', 'seed', 'model', 'id', 'date', 'index', 'width', 'height'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateValues = Record<TemplateField, string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;
// eslint-disable-next-line no-control-regex
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;
const PROMPT_CHARS = 60;

/** null when the template is usable, else what is wrong with it (in words). */
export function templateProblem(template: string): string | null {
  const trimmed = template.trim();
  if (trimmed === '') return 'The template is empty; try {prompt}_{seed}.';
  for (const match of trimmed.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(name)) return `Unknown field {${name}}. Use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(' ')}.`;
  }
  return null;
}

export function promptForName(prompt: string | null): string {
  if (prompt === null) return '';
  const flat = prompt.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= PROMPT_CHARS) return flat;
  const cut = chars.slice(0, PROMPT_CHARS).join('');
  const space = cut.lastIndexOf(' ');
  return (space >= PROMPT_CHARS * 0.6 ? cut.slice(0, space) : cut).trim();
}

function safe(component: string): string {
  return component.normalize('NFC').replace(UNSAFE, '_').replace(/\s+/g, ' ').replace(/_{2,}/g, '_').replace(/^[._\- ]+/, '').replace(/[._\- ]+$/, '');
}

/** The relative path an image would get ("folder/name.png"); "/" in the template makes folders. */
export function previewName(template: string, values: TemplateValues, extension: string): string {
  const parts = template.trim().replace(/\.(png|jpe?g|webp)$/i, '').split(/[/\\]/);
  const segments: string[] = [];
  parts.forEach((part, i) => {
    const rendered = safe(part.replace(PLACEHOLDER, (_all, name: string) => (values[name as TemplateField] ?? '').replace(UNSAFE, '_')));
    if (i === parts.length - 1) segments.push(rendered === '' ? `image-${values.id}` : rendered);
    else if (rendered !== '') segments.push(rendered);
  });
  return `${segments.join('/')}.${extension}`;
}

export interface PreviewImage {
  id: string;
  prompt: string | null;
  seed: number | null;
  modelId: string | null;
  createdAt: string;
  width: number;
  height: number;
  mimeType: string;
}

export function templateValues(image: PreviewImage, index: number, total: number, collection: string | null): TemplateValues {
  return {
    collection: collection ?? '',
    prompt: promptForName(image.prompt),
    seed: image.seed === null ? '' : String(image.seed),
    model: image.modelId ?? '',
    id: image.id,
    date: new Date(image.createdAt).toISOString().slice(0, 10),
    index: String(index).padStart(String(total).length, '0'),
    width: String(image.width),
    height: String(image.height),
  };
}

export function extensionOf(mimeType: string): string {
  return mimeType === 'image/jpeg' ? 'jpg' : mimeType === 'image/webp' ? 'webp' : 'png';
}
