// Lint rules, including the dependency direction of DESIGN.md written as import restrictions
// (VS Code's layering idea): src-shared imports no runtime, core never imports electron,
// the renderer never reaches into main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { defineConfig } from 'eslint/config';

const electronOnlyInShell = { name: 'electron', message: 'Only src-main/electron may import electron.' };
const nodeBuiltins = { group: ['node:*'], message: 'This layer runs without Node: no node:* imports.' };

export default defineConfig(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            nodeBuiltins,
            {
              group: ['react', 'react-dom', '*/src-main/*', '*/src-renderer/*'],
              message: 'src-shared is pure: it imports only zod and itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'src-main/core/**/*.ts',
      'src-main/cli/**/*.ts',
      'src-main/emulator/**/*.ts',
      'test/**/*.ts',
      'scripts/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            {
              group: ['**/electron/*', '**/src-renderer/**'],
              message: 'core, cli and the emulator never depend on the Electron shell or the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    // The test bridge reuses the shell's Electron-free gate, protocol handlers and drag resolver
    // (so e2e exercises the same code); main.ts and preload.ts (which import electron) stay off-limits.
    files: ['test/bridge/**/*.ts', 'test/e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            {
              group: ['**/electron/main*', '**/electron/preload*', '**/src-renderer/**'],
              message: 'The bridge may use the Electron-free parts of the shell only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            nodeBuiltins,
            { group: ['**/src-main/**'], message: 'The renderer talks to main only through window.easel (api.ts).' },
          ],
        },
      ],
    },
  },
);
