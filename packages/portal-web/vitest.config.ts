// Portal tests: vitest + jsdom. Files are named *.spec.ts(x), not *.test.ts, because the root
// scripts/run-tests.mjs runs every *.test.ts with node:test, which cannot run vitest files.
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';
import { SummaryReporter } from './src/test-support/summary-reporter.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.spec.{ts,tsx}'],
      setupFiles: ['src/test-support/setup.ts'],
      reporters: ['default', new SummaryReporter()],
    },
  }),
);
