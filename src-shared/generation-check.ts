// A generation request is checked once where it enters Easel — the facade's `generate` (the path of
// the IPC gate and of `easel generate`), the batch manifest, a retry — and once more by the model
// family's builder when the body is built, right before Bedrock. An entrance turns what it was given
// into a CheckedRequest; the queue takes nothing else, so it does not check again. (The renderer's
// own check is for the form only: it is not a trust boundary.)
import { GenerationParamsSchema, type GenerationParams } from './domain.ts';
import { EaselError } from './errors.ts';
import { validateParams, type ImageSize } from './models/index.ts';

export interface RequestIssue {
  /** `shape`: the domain schema said no; `model`: the model's limits did. */
  kind: 'shape' | 'model';
  /** Where: the schema's path, or the params field the model names (dotted, e.g. "extra.maskPrompt"). */
  path: readonly PropertyKey[];
  message: string;
}

export interface CheckOptions {
  /**
   * The size of a library image the request uses (its source, mask, style image); throws when there is no
   * such image. Without it the images are not looked up (the batch manifest: its requests have none).
   */
  sourceSize?: (imageId: string) => ImageSize;
}

/** Generation params that passed the check at an entrance (frozen: what was checked is what runs). */
export class CheckedRequest {
  readonly params: GenerationParams;

  private constructor(params: GenerationParams) {
    this.params = Object.freeze(params);
  }

  /**
   * The shape (the domain schema, defaults applied), the source images, then the model's limits
   * with the source image's size. Returns every problem of the first stage that has one.
   */
  static check(
    input: unknown,
    options: CheckOptions = {},
  ): { request: CheckedRequest; issues: [] } | { request: null; issues: RequestIssue[] } {
    const parsed = GenerationParamsSchema.safeParse(input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i): RequestIssue => ({
        kind: 'shape',
        path: i.path,
        message: i.message,
      }));
      return { request: null, issues };
    }
    const params = parsed.data;
    const textIssues = controlCharacterIssues(params);
    if (textIssues.length > 0) return { request: null, issues: textIssues };
    const { sourceSize } = options;
    const initImageSize = params.initImageId === undefined ? undefined : sourceSize?.(params.initImageId);
    if (params.maskImageId !== undefined) sourceSize?.(params.maskImageId);
    if (params.styleImageId !== undefined) sourceSize?.(params.styleImageId);
    const problems = validateParams(params, initImageSize ? { initImageSize } : {});
    if (problems.length === 0) return { request: new CheckedRequest(params), issues: [] };
    const issues = problems.map((p): RequestIssue => ({ kind: 'model', path: [String(p.field)], message: p.message }));
    return { request: null, issues };
  }

  /**
   * As `check`, for an entrance that answers with one error.
   * @throws EaselError 'validation' naming the first problem's field; 'not-found' (a source image).
   */
  static require(input: unknown, options: CheckOptions = {}): CheckedRequest {
    const { request, issues } = CheckedRequest.check(input, options);
    if (request) return request;
    const [first] = issues;
    const field = first?.path.map(String).join('.') || undefined;
    const message =
      first?.kind === 'model'
        ? first.message
        : `The request is not valid${field ? ` (${field})` : ''}: ${first?.message ?? 'bad input'}`;
    throw new EaselError('validation', message, field ? { field } : {});
  }
}

/** Control characters (C0, DEL, C1) other than tab, line feed and carriage return (a pasted CRLF is a new line). */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

/**
 * Prompts are text people write: a NUL or another control character cannot be written into an
 * image's metadata faithfully (PNG text chunks end at a NUL) and is never meant, so it is refused.
 */
function controlCharacterIssues(params: GenerationParams): RequestIssue[] {
  const texts: [readonly PropertyKey[], string | undefined][] = [
    [['prompt'], params.prompt],
    [['negativePrompt'], params.negativePrompt],
    ...(params.weightedPrompts ?? []).map((w, i): [readonly PropertyKey[], string] => [
      ['weightedPrompts', i, 'text'],
      w.text,
    ]),
  ];
  const issues: RequestIssue[] = [];
  for (const [path, text] of texts) {
    const match = text === undefined ? null : CONTROL.exec(text);
    if (!match) continue;
    const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    issues.push({
      kind: 'shape',
      path,
      message: `contains a control character (U+${code} at position ${match.index + 1}); only tabs and new lines are allowed`,
    });
  }
  return issues;
}
