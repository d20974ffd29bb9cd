import { describe, expect, it } from 'vitest';
import { IMAGE_SERVICE_IDS } from '../../src-shared/models/index.ts';
import { UsageError } from './args.ts';
import { checkServiceInputs, readServiceOptions, serviceOptionsHelp, serviceTarget } from './service-options.ts';

const target = (id: string) => {
  const found = serviceTarget(id);
  if (!found) throw new Error(`no service ${id}`);
  return found;
};

describe('--option for the Image Services', () => {
  it('knows a service by its base id or its us. profile, and nothing else', () => {
    expect(serviceTarget('us.stability.stable-outpaint-v1:0')?.service.task).toBe('outpaint');
    expect(serviceTarget('stability.stable-outpaint-v1:0')?.service.task).toBe('outpaint');
    expect(serviceTarget('stability.stable-image-core-v1:1')).toBeUndefined();
    expect(serviceTarget('no.such-model')).toBeUndefined();
  });

  it('types each field: numbers in extra, sides as the outpaint extents, choices as params', () => {
    const outpaint = target('stability.stable-outpaint-v1:0');
    expect(
      readServiceOptions(outpaint, ['left=64', 'creativity=0.25', 'style_preset=anime', 'output_format=webp']),
    ).toEqual({
      extra: { creativity: 0.25 },
      outpaint: { left: 64, right: 0, up: 0, down: 0 },
      stylePreset: 'anime',
      outputFormat: 'webp',
    });
    const guide = target('stability.stable-image-style-guide-v1:0');
    expect(readServiceOptions(guide, ['aspect_ratio=21:9', 'fidelity=1'])).toEqual({
      aspectRatio: '21:9',
      extra: { fidelity: 1 },
    });
    // A text keeps its '=' signs.
    expect(readServiceOptions(target('stability.stable-image-search-replace-v1:0'), ['search_prompt=a=b'])).toEqual({
      extra: { search_prompt: 'a=b' },
    });
  });

  it('refuses a bad pair, a repeated key, an unknown key, a value out of range', () => {
    const inpaint = target('stability.stable-image-inpaint-v1:0');
    const refusal = (options: string[]) => {
      try {
        readServiceOptions(inpaint, options);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal(['grow_mask'])).toMatch(/takes key=value/);
    expect(refusal(['grow_mask=1', 'grow_mask=2'])).toMatch(/given twice/);
    expect(refusal(['fidelity=0.5'])).toMatch(/its options: grow_mask, style_preset, output_format/);
    expect(refusal(['grow_mask=20.5'])).toMatch(/whole number from 0 to 20/);
    expect(refusal(['grow_mask=abc'])).toMatch(/not "abc"/);
    expect(refusal(['grow_mask=20'])).toBe('accepted');
  });

  it('names what a service needs from the command line', () => {
    const transfer = target('stability.stable-style-transfer-v1:0');
    const given = { prompt: '', initImage: 'a.png', mask: undefined, styleImage: undefined, fields: {} };
    expect(() => checkServiceInputs(transfer, given)).toThrow(/--style-image FILE/);
    expect(() => checkServiceInputs(transfer, { ...given, styleImage: 's.png' })).not.toThrow();
    const remove = target('stability.stable-image-remove-background-v1:0');
    expect(() => checkServiceInputs(remove, { ...given, prompt: 'x' })).toThrow(/takes no prompt/);
    expect(() => checkServiceInputs(remove, { ...given, mask: 'm.png' })).toThrow(/takes no mask/);
    const outpaint = target('stability.stable-outpaint-v1:0');
    expect(() => checkServiceInputs(outpaint, given)).toThrow(/at least one side/);
  });

  it('lists every service in the help, with its ranges from the catalog', () => {
    const help = serviceOptionsHelp();
    for (const id of IMAGE_SERVICE_IDS) expect(help).toContain(id);
    expect(help).toMatch(/creativity=0\.1–0\.5 \(0\.35\)/);
    expect(help).toMatch(/change_strength=0\.1–1 \(0\.9\)/);
  });
});
