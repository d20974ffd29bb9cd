export { PromptPanel } from './PromptPanel.tsx';
export { generate, submitParams } from './generate.ts';
export { applyGenerationDefaults, loadGenerationDefaults, loadModels } from './models.ts';
export { fieldsFromParams, seedForRun } from './params.ts';
