// Layer rules of the architecture, enforced on every file: shared/ is pure, main/ is plain
// Node, only app/ touches Electron, the renderer reaches main through the contract only.
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

// Bare builtin names must match exactly (a pattern `stream` would also refuse `./stream`).
const BUILTIN_NAMES = ['fs', 'fs/promises', 'path', 'os', 'crypto', 'zlib', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads', 'buffer', 'events'];
const NODE_BUILTINS = ['node:*'];
const builtinPaths = (message) => BUILTIN_NAMES.map((name) => ({ name, message }));

const forbid = (groups, message) => ({ group: groups, message });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tsbuild/**', 'test-results/**', 'playwright-report/**', 'release/**', 'tests/fixtures/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/html-indent': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: builtinPaths('shared/ is pure TypeScript: no Node built-ins.'), patterns: [
        forbid(NODE_BUILTINS, 'shared/ is pure TypeScript: no Node built-ins.'),
        forbid(['electron'], 'only app/ imports electron.'),
        forbid(['**/main/**', '**/renderer/**', '**/app/**', 'vue', 'pinia'], 'shared/ imports nothing outside itself.'),
      ] }],
    },
  },
  {
    files: ['main/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{js,mjs}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        forbid(['electron'], 'main/ is plain Node: only app/ imports electron.'),
        forbid(['**/renderer/**', '**/app/**', 'vue', 'pinia'], 'main/ imports shared/ and Node only.'),
      ] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', { paths: builtinPaths('the renderer runs in a browser: no Node built-ins.'), patterns: [
        forbid(NODE_BUILTINS, 'the renderer runs in a browser: no Node built-ins.'),
        forbid(['electron'], 'only app/ imports electron; the renderer uses the contract.'),
        forbid(['**/main/**', '**/app/**'], 'the renderer reaches main only through shared/contract.'),
      ] }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['electron'], 'tests must not import electron (no binary here).')] }],
    },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [forbid(['**/renderer/**'], 'app/ reaches the renderer through IPC only.')] }],
    },
  },
);
