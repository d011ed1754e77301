import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const noRawHtml = [
  {
    selector: "MemberExpression[property.name='innerHTML']",
    message: 'innerHTML is forbidden: build DOM nodes or JSX instead.',
  },
  {
    selector: "MemberExpression[property.name='outerHTML']",
    message: 'outerHTML is forbidden: build DOM nodes or JSX instead.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'insertAdjacentHTML is forbidden: build DOM nodes or JSX instead.',
  },
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'dangerouslySetInnerHTML is forbidden.',
  },
];

/**
 * Edges (each a browser context or page) talk through src/shared, never by importing each other;
 * the layers they share import no edge. Import paths are relative, so a folder is named right
 * after the `../` that climbs to src/.
 */
const EDGES = [
  'background',
  'content',
  'popup',
  'options',
  'sidepanel',
  'practice',
  'report',
  'private-field',
];
const LAYERS = {
  domain: ['shared', 'recovery', 'review'],
  shared: ['recovery', 'review'],
  recovery: ['review'],
  review: ['recovery'],
};
const importsOf = (folder, forbidden) => ({
  files: [`src/${folder}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
            message: `src/${folder} may not import from src/{${forbidden.join(',')}}: edges talk through src/shared.`,
          },
        ],
      },
    ],
  },
});
const boundaries = [
  ...EDGES.map((edge) =>
    importsOf(
      edge,
      // The practice call is a call page of our own: it hosts the call tab's overlay itself.
      EDGES.filter((other) => other !== edge && !(edge === 'practice' && other === 'content')),
    ),
  ),
  ...Object.entries(LAYERS).map(([layer, more]) => importsOf(layer, [...EDGES, ...more])),
];

export default tseslint.config(
  { ignores: ['dist/', 'dist-firefox/', 'release/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        console: 'readonly',
        chrome: 'readonly',
        process: 'readonly',
        navigator: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      'no-restricted-syntax': ['error', ...noRawHtml],
      'no-restricted-properties': [
        'error',
        { object: 'document', property: 'write', message: 'document.write is forbidden.' },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...boundaries,
);
