import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/.next/**', '**/generated/**', '.tillwire/**', '.nx/**', '**/next-env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // A service may import only libraries, never another service.
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            // Apps talk to the platform only over HTTP; they share its contracts, nothing else.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through config() from @tillwire/platform.' },
      ],
    },
  },
  {
    // The one place each process reads its environment; tests hand theirs to the processes they start.
    files: ['libs/platform/src/config/config.ts', 'libs/platform/src/testing/test-environment.ts', 'apps/*/app/config.ts', 'tests/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
