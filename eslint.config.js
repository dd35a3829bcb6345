// Lint rules, including the house plan's layers (../shared/design/ARCHITECTURE.md) as
// no-restricted-imports: imports go down (pages → components/widgets → ui → runtime → lib), never up
// or sideways, and heavy libraries reach a page only through a dynamic import().
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

/** A restriction: import specifiers matching `regex` are refused with `message`. */
const ban = (regex, message) => ({ regex, message });

const FRAMEWORK = ban('^(svelte|astro)(/|:|$)|^astro:', 'src/lib is pure TypeScript: no framework.');
const NODE = ban(
  '^node:|^(fs|path|url|zlib|child_process|os|http|util)$',
  'src/lib runs in browsers and workers too: no Node built-ins.',
);
const UPWARD_FROM_LIB = ban(
  '^\\.\\./(runtime|ui|widgets|components|layouts|pages|build|scripts)/|^\\.\\./\\.\\./',
  'src/lib imports only src/lib (and tfjs-core or small pure packages).',
);
const HEAVY = ban(
  '^(three|d3|d3-[a-z-]+|@tensorflow/.*)$',
  'three, d3 and tfjs are reached through a dynamic import() after mount, never statically from markup.',
);
const TFJS = ban(
  '^@tensorflow/',
  'tfjs lives in the model worker (src/runtime/model-worker) and src/lib; figures call the worker.',
);
/** From a file `depth` folders below the project root, the top-level scripts/ folder. */
const scriptsAt = (depth) =>
  ban(`^(\\.\\./){${depth}}scripts/`, 'Nothing in src imports scripts/: share code through src/lib.');
const NO_SCRIPTS = [scriptsAt(2), scriptsAt(3), scriptsAt(4)];

const RUNTIME_UP = ban('^\\.\\./(ui|widgets|components|layouts|pages)/', 'src/runtime never imports upward.');
const UI_UP = ban('^\\.\\./(widgets|components|layouts|pages)/', 'src/ui never imports upward.');
const SIDEWAYS = ban(
  '^\\.\\./(?!\\.\\.)',
  'A widget never imports another widget: share through src/ui, src/runtime or src/lib.',
);
const PAGE_LEVEL = ban('^\\.\\./\\.\\./(layouts|pages)/', 'A widget imports no page-level code.');
const JOB_CODE = {
  ...ban('/lib/[^/]+/jobs\\.ts$', "A figure's jobs run in the model worker: the page imports only their types."),
  allowTypeImports: true,
};
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: patterns.flat() }] });

export default tseslint.config(
  {
    ignores: ['dist/', '.astro/', '.cache/', 'node_modules/', 'reports/', 'public/', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  // The layers. ESLint replaces a rule's options rather than merging them, so each file falls in
  // exactly one of these blocks, which lists every restriction for it.
  { files: ['src/lib/**'], ignores: ['src/lib/**/*.test.ts'], rules: restrict(FRAMEWORK, NODE, UPWARD_FROM_LIB) },
  { files: ['src/runtime/**'], rules: restrict(NO_SCRIPTS, RUNTIME_UP) },
  { files: ['src/ui/**'], rules: restrict(NO_SCRIPTS, HEAVY, UI_UP) },
  {
    files: ['src/widgets/**/*.ts'],
    ignores: ['src/widgets/**/*.test.ts'],
    rules: restrict(NO_SCRIPTS, SIDEWAYS, PAGE_LEVEL, TFJS, JOB_CODE),
  },
  { files: ['src/widgets/**/*.test.ts'], rules: restrict(NO_SCRIPTS, SIDEWAYS, PAGE_LEVEL, TFJS) },
  {
    files: ['src/widgets/**/*.svelte', 'src/widgets/**/*.astro'],
    rules: restrict(NO_SCRIPTS, SIDEWAYS, PAGE_LEVEL, HEAVY, JOB_CODE),
  },
  {
    files: ['src/components/**', 'src/layouts/**', 'src/pages/**', 'src/scripts/**', 'src/build/**', 'src/*.ts'],
    rules: restrict(NO_SCRIPTS, HEAVY),
  },
);
