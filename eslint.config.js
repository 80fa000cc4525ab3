// Layer rules of the architecture, enforced on every file: shared/ is pure, main/ is plain
// Node, only app/ touches Electron, the renderer reaches main through the contract only; inside
// shared/ and renderer/, each layer imports only the layers below it.
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

// Bare builtin names must match exactly (a pattern `stream` would also refuse `./stream`).
const BUILTIN_NAMES = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'crypto',
  'zlib',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'worker_threads',
  'buffer',
  'events',
];
const NODE_BUILTINS = ['node:*'];
const builtinPaths = (message) => BUILTIN_NAMES.map((name) => ({ name, message }));

const forbid = (groups, message) => ({ group: groups, message });

// What every file in shared/ is refused (the base rule, repeated in each layer's rule below,
// because a later flat-config entry replaces a rule's options rather than adding to them).
const SHARED_BASE = [
  forbid(NODE_BUILTINS, 'shared/ is pure TypeScript: no Node built-ins.'),
  forbid(['electron'], 'only app/ imports electron.'),
  forbid(['**/main/**', '**/renderer/**', '**/app/**', 'vue', 'pinia'], 'shared/ imports nothing outside itself.'),
];

// Layers inside shared/, lowest first: a file imports its own layer and the layers below it.
// Record decoding (cper/record.ts) dispatches to the section declarations, so it sits above them
// while the rest of cper/ (layout, GUIDs, names, the decoder interface, the encoder) sits below.
const LAYERS = [
  ['bytes'],
  ['decode'],
  ['cper'],
  ['pstore'],
  ['sections'],
  ['cper/record'],
  ['store', 'index', 'erst', 'generate'],
  ['input'],
  ['export', 'report'],
  ['timeline', 'diff', 'pstore-files', 'report-html'],
  ['contract'],
];
/** An import pattern (regular expression on the import path) for a folder or file of shared/. */
const reach = (target, layerOf) => {
  if (target === 'cper/record') return '(^|/)cper/record$' + (layerOf === 'cper' ? '|^\\./record$' : '');
  return `(^|/)${target}/`;
};
const SHARED_LAYERS = LAYERS.slice(0, -1).flatMap((layer, i) =>
  layer.map((folder) => ({
    files: folder === 'cper/record' ? ['shared/cper/record.ts'] : [`shared/${folder}/**/*.ts`],
    ignores: folder === 'cper' ? ['shared/cper/record.ts'] : undefined,
    regex: LAYERS.slice(i + 1)
      .flat()
      .map((t) => reach(t, folder))
      .join('|'),
  })),
);
const LAYER_MESSAGE =
  'shared/ layers, lowest first: bytes < decode < cper (format) < pstore < sections < cper/record < store, index, erst, generate < input < export, report < timeline, diff, pstore-files, report-html < contract.';

// Inside renderer/: views and components show what the stores hold; only stores talk to the transport.
const RENDERER_BASE = [
  forbid(NODE_BUILTINS, 'the renderer runs in a browser: no Node built-ins.'),
  forbid(['electron'], 'only app/ imports electron; the renderer uses the contract.'),
  forbid(['**/main/**', '**/app/**'], 'the renderer reaches main only through shared/contract.'),
];

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
      'no-restricted-imports': ['error', { paths: builtinPaths('shared/ is pure TypeScript: no Node built-ins.'), patterns: SHARED_BASE }],
    },
  },
  ...SHARED_LAYERS.map(({ files, ignores, regex }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths('shared/ is pure TypeScript: no Node built-ins.'),
          patterns: [...SHARED_BASE, { regex, message: LAYER_MESSAGE }],
        },
      ],
    },
  })),
  {
    files: ['main/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['electron'], 'main/ is plain Node: only app/ imports electron.'),
            forbid(['**/renderer/**', '**/app/**', 'vue', 'pinia'], 'main/ imports shared/ and Node only.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: builtinPaths('the renderer runs in a browser: no Node built-ins.'), patterns: RENDERER_BASE },
      ],
    },
  },
  {
    files: ['renderer/{views,components,lib}/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths('the renderer runs in a browser: no Node built-ins.'),
          patterns: [
            ...RENDERER_BASE,
            forbid(['**/transport/**', '**/transport'], 'renderer layers: views < stores < transport; views and components read stores.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/transport/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths('the renderer runs in a browser: no Node built-ins.'),
          patterns: [
            ...RENDERER_BASE,
            forbid(
              ['**/stores/**', '**/views/**', '**/components/**'],
              'renderer layers: views < stores < transport; the transport knows no store or view.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/stores/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths('the renderer runs in a browser: no Node built-ins.'),
          patterns: [
            ...RENDERER_BASE,
            forbid(['**/views/**', '**/components/**'], 'renderer layers: views < stores < transport; stores know no view.'),
          ],
        },
      ],
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
