import { defineConfig } from 'vitest/config';
import { shareCompileCache } from './test/setup/compile-cache.ts';
import { trustTestCertificate } from './test/setup/test-tls.ts';

trustTestCertificate();
shareCompileCache();

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn daemons and bind ports; two cores are plenty busy with two files at once.
    maxWorkers: 2,
    pool: 'forks',
  },
});
