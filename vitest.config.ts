import { defineConfig } from 'vitest/config';

/**
 * Main-process and core tests run in Node. better-sqlite3 and node-hid are native addons, so
 * every project uses the forked pool: a worker thread cannot load them twice safely.
 * Two forks on this two-core machine (vitest's default is one fewer than the cores): many
 * files wait on child processes, sockets and disk flushes, so two at once took the suite from
 * 284 s to 202 s; three gained nothing more.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'peers', include: ['test/peers/**/*.test.ts'], testTimeout: 120_000 } },
    ],
  },
});
