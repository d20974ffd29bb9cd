export { PromptPanel } from './PromptPanel.tsx';
export { generate, startRunErrorWatch, submitParams } from './generate.ts';
export { applyGenerationDefaults, loadGenerationDefaults, loadModels } from './models.ts';
export { fieldsFromParams, seedForRun } from './params.ts';
export { offeredModels } from './region-notice.ts';
