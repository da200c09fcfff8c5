// Dependency direction (DESIGN.md §2): core imports only zod, @noble/hashes and core; app imports core;
// adapters import core (slack and console may import app); only main.ts and cli.ts wire everything.
import tseslint from 'typescript-eslint';

const outsideCore = ['**/app/**', '**/adapters/**', '**/config*', '**/main*', '**/cli*'];
const nodeBuiltins = ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'http', 'https', 'net', 'process'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.opsgate/**', 'playbooks/**/*.mjs', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: outsideCore, message: 'core is pure: it imports only zod, @noble/hashes and core/.' },
            { group: nodeBuiltins, message: 'core does no I/O: pass the dependency in through a port.' },
            {
              regex: '^(?!zod$|zod/|@noble/hashes/|\\.{1,2}/).*',
              message: 'core imports only zod, @noble/hashes and core/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core does not read the environment; config.ts does.' },
        { name: 'console', message: 'core does not print; return values.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'core takes a Clock.' },
        { object: 'Math', property: 'random', message: 'core takes randomness from a port.' },
      ],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/adapters/**', '**/main*', '**/cli*', '**/config*'], message: 'app imports core only; adapters are injected.' }] },
      ],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    ignores: ['src/adapters/slack/**', 'src/adapters/console/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/app/**', '**/main*', '**/cli*'], message: 'adapters implement ports; only slack/console may call app use cases.' }] },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli.ts', 'src/main.ts'],
    rules: { 'no-console': 'error' },
  },
);
