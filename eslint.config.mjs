// Lint: type-checked rules everywhere, plus the dependency arrows of docs/ARCHITECTURE.md.
// npm hoisting lets any file import any workspace, so the arrows are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages each workspace must never import (the arrows point the other way). */
const forbidden = {
  'http-cache': ['@candela/contract', '@candela/edge', '@candela/cli', '@candela/control-plane', 'node:*', 'undici'],
  contract: ['@candela/http-cache', '@candela/edge', '@candela/cli', '@candela/control-plane'],
  edge: ['@candela/cli', '@candela/control-plane'],
  'control-plane': ['@candela/edge', '@candela/http-cache', '@candela/cli'],
};

const boundaryRules = Object.entries(forbidden).map(([pkg, names]) => ({
  files: [`packages/${pkg}/src/**/*.ts`],
  ignores: [`packages/${pkg}/src/**/*.test.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: names.map((name) => ({
          group: [name, `${name}/*`],
          message: `packages/${pkg} must not depend on ${name} (see docs/ARCHITECTURE.md).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'packages/*/dist/**', '.data/**', 'conformance/out/**', 'bench/out/**', 'e2e/out/**', 'scripts/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only config.ts reads process.env (house rule 7).',
        },
      ],
    },
  },
  {
    files: ['**/config.ts', '**/*.test.ts', 'bench/**', 'conformance/**', 'e2e/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...boundaryRules,
  { files: ['eslint.config.mjs'], ...tseslint.configs.disableTypeChecked },
);
