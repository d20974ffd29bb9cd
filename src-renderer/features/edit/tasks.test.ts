import { describe, expect, it } from 'vitest';
import { listKnownModels, validateParams } from '../../../src-shared/models/index.ts';
import { buildEditParams, EDIT_TASKS, editChoices, promptNeed, resultSize, taskDisabledReason } from './tasks.ts';
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
});
