// Lint rules, including the house plan's layers (../shared/design/ARCHITECTURE.md) as
// no-restricted-imports: imports go down (pages → components/widgets → ui → runtime → lib), never up
// or sideways, and heavy libraries reach a page only through a dynamic import(). `import type` of a
// heavy library is allowed (it leaves no code behind). tests/lint/layers.test.ts proves that each rule
// fires; "src/lib touches no DOM" is checked by the compiler instead (tsconfig.lib.json).
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import { builtinModules } from 'node:module';

/** A restriction: import specifiers matching `regex` are refused with `message`. */
const ban = (regex, message) => ({ regex, message });
/** The same, but `import type` passes: types cost nothing at run time. */
const banCode = (regex, message) => ({ regex, message, allowTypeImports: true });
/** Any number of `../` and then one of `folders`: how a file reaches a top-level folder of src or the project. */
const up = (folders) => `^(\\.\\./)+(${folders.join('|')})/`;

const FRAMEWORK = ban('^(svelte|astro)(/|:|$)|^astro:', 'src/lib is pure TypeScript: no framework.');
const NODE = ban(
  `^node:|^(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/|$)`,
  'src/lib runs in browsers and workers too: no Node built-ins.',
);
const ASSET = ban('\\?(url|raw|worker|inline)$|\\.(css|wasm)$', 'src/lib loads no browser resource: pass data in.');
/** From src/lib/*.ts any `../` leaves src/lib; from a subfolder of it, two. */
const LEAVE_LIB = ban('^\\.\\./', 'src/lib imports only src/lib (and tfjs-core or small pure packages).');
const LEAVE_LIB_DEEP = ban('^\\.\\./\\.\\./', LEAVE_LIB.message);
const HEAVY = banCode(
  '^(three|three/.*|d3|d3-[a-z-]+|@tensorflow/.*)$',
  'three, d3 and tfjs are reached through a dynamic import() after mount, never statically from markup.',
);
const TFJS = banCode(
  '^@tensorflow/',
  'tfjs lives in the model worker (src/runtime/model-worker) and src/lib; figures call the worker.',
);
// The project's scripts/ folder (not src/scripts): two or more `../` from a folder of src, one from src itself.
const NO_SCRIPTS = ban('^(\\.\\./){2,}scripts/', 'Nothing in src imports scripts/: share code through src/lib.');
const NO_SCRIPTS_FROM_SRC = ban('^\\.\\./scripts/', NO_SCRIPTS.message);
const RUNTIME_UP = ban(up(['ui', 'widgets', 'components', 'layouts', 'pages']), 'src/runtime never imports upward.');
const UI_UP = ban(up(['widgets', 'components', 'layouts', 'pages']), 'src/ui never imports upward.');
const SIDEWAYS = ban(
  '^\\.\\./(?!\\.\\.)|^\\.\\./\\.\\./widgets/',
  'A widget never imports another widget: share through src/ui, src/runtime or src/lib.',
);
const PAGE_LEVEL = ban(up(['layouts', 'pages']), 'A widget imports no page-level code.');
const JOB_CODE = banCode(
  '/lib/[^/]+/jobs\\.ts$',
  "A figure's jobs run in the model worker: the page imports only their types.",
);

const restrict = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.flat() }],
});

export default defineConfig(
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
  { files: ['src/lib/*'], ignores: ['src/lib/**/*.test.ts'], rules: restrict(FRAMEWORK, NODE, ASSET, LEAVE_LIB) },
  {
    files: ['src/lib/*/**'],
    ignores: ['src/lib/**/*.test.ts'],
    rules: restrict(FRAMEWORK, NODE, ASSET, LEAVE_LIB_DEEP),
  },
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
    files: ['src/components/**', 'src/layouts/**', 'src/pages/**', 'src/scripts/**', 'src/build/**'],
    rules: restrict(NO_SCRIPTS, HEAVY),
  },
  { files: ['src/*.ts'], rules: restrict(NO_SCRIPTS_FROM_SRC, HEAVY) },
  // Offline jobs and tests share code with the site only through src/lib, the build's Node code
  // (src/build) and a figure's URL-state schema (*-state.ts, its public contract): a widget's insides move.
  {
    files: ['scripts/**', 'tests/**'],
    rules: restrict(
      ban(
        '^(\\.\\./)+src/(?!lib/|build/|widgets/[a-z-]+/[a-z-]+-state\\.ts$)',
        "scripts and tests reach the site's code only through src/lib, src/build and a figure's *-state.ts.",
      ),
    ),
  },
);
