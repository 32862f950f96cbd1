// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * The linter: TypeScript's recommended rules everywhere, and for the code that runs in Temporal's workflow
 * sandbox (workflows/src, and the domain rules and programmes it bundles) two more: no Node built-in (the sandbox has none,
 * and one would break determinism), and no floating promise (an un-awaited activity or timer is a bug there).
 */
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'coverage/', 'dist/', 'lib/', 'test/histories/recorded/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore says "left out on purpose" (an omitted field, an unused handler argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read answers of any shape on purpose: they check them rather than trust a type.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['workflows/src/**/*.ts', 'packages/domain/src/**/*.ts', 'packages/programmes/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-restricted-imports': ['error', { paths: NODE_BUILTINS.map((name) => ({ name, message: 'workflow code runs in the sandbox: no Node built-ins' })) }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The workflow bundle holds no schemas: its values come from the domain's rules (plain data and pure
    // functions, preloaded once per worker); the schemas' types are free, as types vanish from the bundle.
    files: ['workflows/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'workflows/src/bundle-options.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@continuum/domain', allowTypeImports: true, message: 'workflow code takes values from @continuum/domain/rules' },
            { name: 'zod', allowTypeImports: true, message: 'the workflow bundle holds no schemas' },
          ],
        },
      ],
    },
  },
  {
    // The programmes are plain data the workflow bundle holds: the domain's schemas check them in tests.
    files: ['packages/programmes/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: 'a programme is plain data: the workflow bundle holds no schemas' },
            { name: '@continuum/domain', allowTypeImports: true, message: 'a programme takes only types from the domain (which builds on the programmes)' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/domain/src/rules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'the rules are plain data and pure functions: the workflow bundle holds no schemas' }],
          patterns: [{ group: ['../*', '!../errors'], allowTypeImports: true, message: 'the rules take only types from the schemas beside them' }],
        },
      ],
    },
  },
);
