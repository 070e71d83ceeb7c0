// ESLint (flat config): typescript-eslint's recommended rules everywhere, Solid's rules for
// the app's components. Formatting is Prettier's (npm run lint runs both, then the import lint).
import tseslint from 'typescript-eslint';
import solid from 'eslint-plugin-solid/configs/typescript';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-server/**',
      'coverage/**',
      'test-results/**',
      '**/generated/**',
      // AssemblyScript plugin sources (its decorators and types are not TypeScript's).
      'plugins/src/**',
      '**/*.d.ts',
      '**/*.d.mts',
      'public/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      // A `let` read by a closure before its one assignment (a callback wired up before the value exists) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // A leading underscore marks a value kept on purpose (a destructured field left out, a positional argument).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  { files: ['app/**/*.tsx'], ...solid },
);
