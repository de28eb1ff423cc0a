import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The engine (src/) and the UI (components/) are split by a hard line:
// the engine never sees React or Ink, the UI never touches ptys, git or disk.
const engineMustNotImport = [
  { name: 'react', message: 'The engine never imports React; render through components/.' },
  { name: 'ink', message: 'The engine never imports Ink; render through components/.' },
];
const uiMustNotImport = [
  { name: 'node-pty', message: 'Components never touch ptys; go through the engine.' },
  { name: 'simple-git', message: 'Components never touch git; go through the engine.' },
  { name: 'lowdb', message: 'Components never touch persistence; go through the store.' },
];
const uiMustNotImportPatterns = [
  { group: ['@xterm/*'], message: 'Components never touch terminal emulators.' },
  { group: ['lowdb/*'], message: 'Components never touch persistence.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'sessions/', 'worktrees/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: engineMustNotImport }] },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: uiMustNotImport, patterns: uiMustNotImportPatterns },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    // Tests match escape sequences in terminal output on purpose.
    rules: { 'no-console': 'off', 'no-control-regex': 'off' },
  },
);
