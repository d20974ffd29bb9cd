import { describe, expect, it } from 'vitest';
import { listKnownModels, validateParams } from '../../../src-shared/models/index.ts';
import {
  buildEditParams,
  EDIT_TASKS,
  editChoices,
  editService,
  NO_SERVICE_CHOICES,
  promptNeed,
  resultSize,
  serviceBlocker,
  taskDisabledReason,
} from './tasks.ts';
import { findModel } from '../../../src-shared/models/index.ts';

const ALL = listKnownModels().map((m) => ({ id: m.id, label: m.label, tasks: m.tasks }));
const SIDES = { left: 0, right: 0, up: 0, down: 0 };

describe('edit tasks', () => {
  it('offers, for every edit, an active model that can take a 1024² image', () => {
    for (const task of EDIT_TASKS) {
      const choices = editChoices(task, ALL, { width: 1024, height: 1024 });
      expect(taskDisabledReason(task, choices), task).toBeNull();
      expect(choices[0]?.disabledReason, task).toBeNull();
    }
  });

  it('disables with a reason: no model, end of life, input limits, Amazon outpaint', () => {
    expect(taskDisabledReason('inpaint', editChoices('inpaint', [], null))).toMatch(/No model/);
    const titan = editChoices('inpaint', ALL, { width: 1024, height: 1024 }).find((c) =>
      c.modelId.startsWith('amazon.titan'),
    );
    expect(titan?.disabledReason).toMatch(/end of life/);
    const fast = editChoices('upscale', ALL, { width: 2048, height: 2048 }).find((c) =>
      c.modelId.includes('fast-upscale'),
    );
    expect(fast?.disabledReason).toMatch(/at most 1536 px/);
    const nova = editChoices('outpaint', ALL, { width: 1024, height: 1024 }).find((c) =>
      c.modelId.startsWith('amazon.nova'),
    );
    // 2026: Nova Canvas is retired, so its end of life is the reason now (not Amazon outpaint's mask).
    expect(nova?.disabledReason).toMatch(/end of life/);
  });

  it('builds params each model validates (with the source size)', () => {
    const size = { width: 1024, height: 1024 };
    for (const task of EDIT_TASKS) {
      for (const choice of editChoices(task, ALL, size).filter((c) => c.disabledReason === null)) {
        const params = buildEditParams({
          task,
          modelId: choice.modelId,
          imageId: '1',
          prompt: 'a red barn',
          negativePrompt: 'blur',
          strength: 0.6,
          maskImageId: '2',
          outpaint: { ...SIDES, right: 256 },
          seed: 42,
          service: {
            values: { search_prompt: 'the barn', select_prompt: 'the roof' },
            stylePreset: 'anime',
            aspectRatio: '3:2',
            styleImageId: '3',
          },
        });
        expect(validateParams(params, { initImageSize: size }), `${task} ${choice.modelId}`).toEqual([]);
      }
    }
  });

  it('knows when a prompt is needed, and the result size', () => {
    expect(promptNeed(findModel('us.stability.stable-image-inpaint-v1:0'), 'inpaint')).toBe('required');
    expect(promptNeed(findModel('us.stability.stable-image-remove-background-v1:0'), 'remove-background')).toBe('none');
    expect(promptNeed(findModel('us.stability.stable-outpaint-v1:0'), 'outpaint')).toBe('optional');
    expect(
      resultSize('outpaint', undefined, { width: 100, height: 50 }, { left: 10, right: 20, up: 5, down: 0 }),
    ).toEqual({ width: 130, height: 55 });
    expect(
      resultSize('upscale', findModel('us.stability.stable-fast-upscale-v1:0'), { width: 100, height: 50 }, SIDES),
    ).toEqual({ width: 400, height: 200 });
  });

  it('sends each service field with the catalog default, held to its range; presets only where Bedrock takes them', () => {
    const base = { imageId: '1', prompt: 'a red barn', negativePrompt: '', strength: 0.6, outpaint: SIDES };
    const sketch = buildEditParams({
      ...base,
      task: 'control-sketch',
      modelId: 'stability.stable-image-control-sketch-v1:0',
      service: { ...NO_SERVICE_CHOICES, stylePreset: 'line-art' },
    });
    expect(sketch).toMatchObject({ extra: { control_strength: 0.7 }, stylePreset: 'line-art' });
    const structure = buildEditParams({
      ...base,
      task: 'control-structure',
      modelId: 'stability.stable-image-control-structure-v1:0',
      service: { ...NO_SERVICE_CHOICES, values: { control_strength: 3 }, stylePreset: 'line-art' },
    });
    expect(structure.extra).toEqual({ control_strength: 1 });
    expect(structure.stylePreset).toBeUndefined();
    const transfer = buildEditParams({
      ...base,
      task: 'style-transfer',
      modelId: 'stability.stable-style-transfer-v1:0',
      service: { ...NO_SERVICE_CHOICES, values: { change_strength: 0 }, styleImageId: '9' },
    });
    expect(transfer).toMatchObject({
      styleImageId: '9',
      extra: { style_strength: 1, composition_fidelity: 0.9, change_strength: 0.1 },
    });
    const grow = buildEditParams({
      ...base,
      task: 'search-replace',
      modelId: 'stability.stable-image-search-replace-v1:0',
      service: { ...NO_SERVICE_CHOICES, values: { search_prompt: '  the barn ', grow_mask: 7.6 } },
    });
    expect(grow.extra).toEqual({ search_prompt: 'the barn', grow_mask: 8 });
  });

  it('names what a service still needs: the text it asks for, the style image', () => {
    const replace = editService(findModel('stability.stable-image-search-replace-v1:0'));
    expect(serviceBlocker(replace, NO_SERVICE_CHOICES)).toBe('Fill in "What to find".');
    expect(serviceBlocker(replace, { ...NO_SERVICE_CHOICES, values: { search_prompt: 'cat' } })).toBeNull();
    const transfer = editService(findModel('us.stability.stable-style-transfer-v1:0'));
    expect(serviceBlocker(transfer, NO_SERVICE_CHOICES)).toMatch(/style image/);
    expect(serviceBlocker(editService(findModel('stability.sd3-5-large-v1:0')), NO_SERVICE_CHOICES)).toBeNull();
  });
});
