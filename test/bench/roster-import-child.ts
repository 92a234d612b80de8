/**
 * One fresh process of session.bench.ts: a kiosk core on a temp data dir, unlocked, a session,
 * then the roster of `rows` people as the facilitator brings it in: roster.preview (picking the
 * file), then roster.import (the button), both through the dispatcher. Twice: the first pair is
 * the kiosk's first roster since it started, the second one the same work once warm. With
 * `import-only`, one roster.import with no preview before it (a caller other than the screen).
 * Writes one JSON line to stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { rosterCsv } from './bench-roster';

const rows = Number(process.argv[2] ?? 5000);
const importOnly = process.argv[3] === 'import-only';

async function call(core: Core, name: string, input: unknown): Promise<unknown> {
  const reply = await core.dispatch(name, input, { transport: 'test' });
  if (!reply.ok) throw new Error(`${name} failed: ${reply.error.message}`);
  return reply.result;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

async function bringIn(core: Core, fileBase64: string, department: string, withPreview: boolean): Promise<{ previewMs: number | null; importMs: number }> {
  const { id: sessionId } = (await call(core, 'session.start', { department, room: 'R', plannedMinutes: 30 })) as { id: string };
  const preview = withPreview ? await timed(() => call(core, 'roster.preview', { sessionId, fileBase64 }) as Promise<{ accepted: unknown[] }>) : null;
  const imported = await timed(() => call(core, 'roster.import', { sessionId, fileBase64 }) as Promise<{ imported: number }>);
  if ((preview && preview.result.accepted.length !== rows) || imported.result.imported !== rows) throw new Error(`the bench roster came in with ${imported.result.imported} of ${rows} rows`);
  await call(core, 'session.end', { sessionId });
  return { previewMs: preview?.ms ?? null, importMs: imported.ms };
}

const fileBase64 = Buffer.from(rosterCsv(rows)).toString('base64');
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-roster-'));
const core = createCore({ config: kioskConfigSchema.parse({}), dataDir, version: 'bench' });
try {
  await call(core, 'access.unlock', { pin: TRAINING_FACILITATOR_PIN });
  const first = await bringIn(core, fileBase64, 'Research', !importOnly);
  const warm = importOnly ? null : await bringIn(core, fileBase64, 'Research again', true);
  process.stdout.write(`${JSON.stringify({ first, warm })}\n`);
} finally {
  await core.close();
  rmSync(dataDir, { recursive: true, force: true });
}
