import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/.next/**', 'apps/**', '.tillwire/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'services/**/*.spec.ts', 'tests/**/*.spec.ts'],
          exclude: [...ignored, '**/*.int.spec.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['libs/**/*.int.spec.ts', 'services/**/*.int.spec.ts', 'tests/**/*.int.spec.ts'],
          exclude: ignored,
          globalSetup: ['tests/support/require-services.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: a few files at a time keeps real-server tests from starving each other.
          maxWorkers: 2,
        },
      },
    ],
  },
});
