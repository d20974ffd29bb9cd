import { describe, expect, it } from 'vitest';
import { EaselError } from './errors.ts';
import { CheckedRequest } from './generation-check.ts';

const SDXL = 'stability.stable-diffusion-xl-v1';
const CORE = 'stability.stable-image-core-v1:1';

describe('CheckedRequest: the one check at an entrance', () => {
  it('passes a valid request with the schema defaults applied, frozen', () => {
    const { request, issues } = CheckedRequest.check({ modelId: CORE, prompt: 'a fox', aspectRatio: '16:9' });
    expect(issues).toEqual([]);
    expect(request?.params).toMatchObject({ modelId: CORE, prompt: 'a fox', count: 1, task: 'text-to-image' });
    expect(Object.isFrozen(request?.params)).toBe(true);
  });

  it('reports every shape problem with its path, before asking the model', () => {
    const { request, issues } = CheckedRequest.check({ modelId: CORE, prompt: 5, count: 0 });
    expect(request).toBeNull();
    expect(issues.map((i) => [i.kind, i.path.join('.')])).toEqual([
      ['shape', 'prompt'],
      ['shape', 'count'],
    ]);
  });

  it("reports the model's limits with the field they name", () => {
    const { request, issues } = CheckedRequest.check({ modelId: SDXL, prompt: 'x', width: 1000, height: 1000 });
    expect(request).toBeNull();
    expect(issues[0]).toMatchObject({ kind: 'model', path: ['width'], message: expect.stringMatching(/sizes/) });
  });

  it("checks an edit against its source image's size, and each image the request uses must exist", () => {
    const sizes = new Map([
      ['1', { width: 1024, height: 1024 }],
      ['2', { width: 640, height: 480 }],
    ]);
    const looked: string[] = [];
    const sourceSize = (id: string) => {
      looked.push(id);
      const size = sizes.get(id);
      if (!size) throw new EaselError('not-found', `There is no image with id ${id}.`);
      return size;
    };
    const edit = { modelId: SDXL, task: 'image-to-image', prompt: 'in blue', strength: 0.5 } as const;
    expect(CheckedRequest.check({ ...edit, initImageId: '1' }, { sourceSize }).issues).toEqual([]);
    expect(CheckedRequest.check({ ...edit, initImageId: '2' }, { sourceSize }).issues[0]).toMatchObject({
      path: ['initImageId'],
      message: expect.stringMatching(/640×480.*SDXL sizes/),
    });
    expect(() => CheckedRequest.check({ ...edit, initImageId: '1', maskImageId: '9' }, { sourceSize })).toThrow(
      /no image with id 9/,
    );
    expect(looked).toEqual(['1', '2', '1', '9']);
  });

  it('refuses control characters in prompts (a NUL would be cut out of the PNG text), keeps tabs and new lines', () => {
    const { request, issues } = CheckedRequest.check({
      modelId: SDXL,
      prompt: 'a fox\u0000 in snow',
      negativePrompt: 'blur\u001b[31m',
      weightedPrompts: [
        { text: 'ok', weight: 1 },
        { text: 'bell\u0007', weight: 0.5 },
      ],
    });
    expect(request).toBeNull();
    expect(issues.map((i) => [i.kind, i.path.join('.'), i.message])).toEqual([
      [
        'shape',
        'prompt',
        expect.stringMatching(/control character \(U\+0000 at position 6\); only tabs and new lines/),
      ],
      ['shape', 'negativePrompt', expect.stringMatching(/U\+001B at position 5/)],
      ['shape', 'weightedPrompts.1.text', expect.stringMatching(/U\+0007/)],
    ]);
    expect(() => CheckedRequest.require({ modelId: CORE, prompt: 'x\u007f' })).toThrow(
      expect.objectContaining({ code: 'validation', field: 'prompt', message: expect.stringMatching(/U\+007F/) }),
    );
    expect(CheckedRequest.check({ modelId: CORE, prompt: 'line one\r\n\tline two\n' }).issues).toEqual([]);
  });

  it('require throws the first problem as a validation error naming its field', () => {
    expect(() => CheckedRequest.require({ modelId: SDXL, prompt: 'x', width: 1000, height: 1000 })).toThrow(
      expect.objectContaining({ code: 'validation', field: 'width' }),
    );
    expect(() => CheckedRequest.require({ modelId: CORE, prompt: 'x'.repeat(10_001) })).toThrow(
      expect.objectContaining({
        code: 'validation',
        field: 'prompt',
        message: expect.stringMatching(/^The request is not valid \(prompt\)/),
      }),
    );
    expect(() => CheckedRequest.require({ modelId: 'no.such-model', prompt: 'x' })).toThrow(
      expect.objectContaining({ code: 'validation', field: 'modelId' }),
    );
    expect(CheckedRequest.require({ modelId: CORE, prompt: 'x' })).toBeInstanceOf(CheckedRequest);
  });
});
