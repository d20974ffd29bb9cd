// Public API of core/chat (see README.md): chat turns with a Converse model, from instruction to
// settled money.
export { ChatRunner } from './runner.ts';
export type { ChatRunnerOptions, SendTurnInput, SentTurn } from './runner.ts';
