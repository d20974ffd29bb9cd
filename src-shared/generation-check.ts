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
   * The size of a library image the request uses (its source and mask); throws when there is no
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
    const { sourceSize } = options;
    const initImageSize = params.initImageId === undefined ? undefined : sourceSize?.(params.initImageId);
    if (params.maskImageId !== undefined) sourceSize?.(params.maskImageId);
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
