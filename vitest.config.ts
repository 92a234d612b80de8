import { defineConfig } from 'vitest/config';

/**
 * Main-process and core tests run in Node. better-sqlite3 and node-hid are native addons, so
 * every project uses the forked pool: a worker thread cannot load them twice safely.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'peers', include: ['test/peers/**/*.test.ts'], testTimeout: 120_000 } },
    ],
  },
});
