import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/.next/**', 'apps/**', '.tillwire/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'services/**/*.spec.ts', 'tests/**/*.spec.ts'],
          exclude: [...ignored, '**/*.int.spec.ts', '**/*.browser.spec.ts'],
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
      {
        test: {
          name: 'browser',
          // Real Chromium against the embedded platform and the built apps (`npm run build:apps`).
          include: ['tests/browser/**/*.browser.spec.ts'],
          exclude: ignored,
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // One platform and one browser at a time: each file starts its own.
          fileParallelism: false,
        },
      },
    ],
  },
});
