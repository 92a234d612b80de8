#!/usr/bin/env node
// `npm run soak`: the outbox crash-safety tests with many more SIGKILLs than `npm test` runs
// (the generic fake: KIOSK_SOAK_KILLS, default 2000; the Keycloak connector: a tenth of that).
// KIOSK_SOAK_SEED chooses where they land.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const kills = process.env.KIOSK_SOAK_KILLS ?? '2000';
const seed = process.env.KIOSK_SOAK_SEED ?? String(Date.now() % 1_000_000);
console.log(`soak: ${kills} kills, seed ${seed} (repeat a run with KIOSK_SOAK_SEED=${seed})`);
const result = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', '--project', 'integration', 'test/integration/sync-crash-safety.test.ts', 'test/integration/sync-crash-safety-keycloak.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, KIOSK_SOAK_KILLS: kills, KIOSK_SOAK_SEED: seed },
});
process.exit(result.status ?? 1);
