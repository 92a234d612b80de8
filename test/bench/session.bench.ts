import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TRAINING_FACILITATOR_PIN } from '../../electron/core/access/training-facilitator-key';
import { createCore, type Core } from '../../electron/core/app/create-core';
import { kioskConfigSchema } from '../../electron/core/config/schema';
import { parseRoster } from '../../electron/core/session/roster/parse-roster';
import { AuditLog } from '../../electron/core/store/audit-log';
import { StepsRepository } from '../../electron/core/store/steps-repository';
import { stepIds } from '../../shared/domain/step-table';

const ROWS = 5000;
const IMPORT_REPEATS = 3;
const COMMIT_SAMPLES = 400;

/** Starting sessions and importing rosters are the facilitator's: the built-in training key unlocks first (not timed). */
async function unlock(core: Core): Promise<void> {
  const reply = await core.dispatch('access.unlock', { pin: TRAINING_FACILITATOR_PIN }, { transport: 'test' });
  if (!reply.ok) throw new Error(`unlock failed: ${reply.error.message}`);
}

function rosterCsv(rows: number): string {
  const lines = ['Badge ID;Vorname;Nachname;E-Mail;Abteilung;Vorgesetzte(r)'];
  for (let i = 0; i < rows; i += 1) {
    lines.push(`${300000 + i};Given${i};"Müller, ${i}";person${i}@example.com;Research;"Manager ""${i % 40}"""`);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number(sorted[Math.max(0, index)]!.toFixed(3));
}

const round = (ms: number) => Number(ms.toFixed(1));

/**
 * Session figures for `npm run bench`: a 5,000-row roster parsed and imported through the
 * dispatcher (one transaction), and the commit latency of a typical step write (step row +
 * audit event, synchronous=FULL, WAL) on a real file in a temp dir.
 */
export default async function bench(): Promise<Record<string, unknown>> {
  const file = Buffer.from(rosterCsv(ROWS));
  const fileBase64 = file.toString('base64');
  const parseMs: number[] = [];
  const importMs: number[] = [];
  for (let repeat = 0; repeat < IMPORT_REPEATS; repeat += 1) {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-session-'));
    const core = createCore({ config: kioskConfigSchema.parse({}), dataDir, version: 'bench' });
    try {
      await unlock(core);
      let started = performance.now();
      const preview = parseRoster(file, { defaultDepartment: 'Research' });
      parseMs.push(performance.now() - started);
      if (preview.accepted.length !== ROWS) throw new Error(`bench roster parsed ${preview.accepted.length} of ${ROWS} rows`);

      const session = await core.dispatch('session.start', { department: 'Research', room: 'R', plannedMinutes: 30 }, { transport: 'test' });
      if (!session.ok) throw new Error(session.error.message);
      const sessionId = (session.result as { id: string }).id;
      started = performance.now();
      const imported = await core.dispatch('roster.import', { sessionId, fileBase64 }, { transport: 'test' });
      importMs.push(performance.now() - started);
      if (!imported.ok || (imported.result as { imported: number }).imported !== ROWS) throw new Error('bench roster import failed');
    } finally {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-commit-'));
  const core = createCore({ config: kioskConfigSchema.parse({}), dataDir, version: 'bench' });
  try {
    await unlock(core);
    const started = await core.dispatch('session.start', { department: 'Commit', room: 'R', plannedMinutes: 30 }, { transport: 'test' });
    if (!started.ok) throw new Error(started.error.message);
    const sessionId = (started.result as { id: string }).id;
    await core.dispatch('roster.import', { sessionId, fileBase64: Buffer.from(rosterCsv(50)).toString('base64') }, { transport: 'test' });
    const db = core.db;
    const attendees = db.prepare('SELECT id FROM roster_entries WHERE session_id = ?').pluck().all(sessionId) as string[];
    const steps = new StepsRepository(db);
    const audit = new AuditLog(db, () => new Date());
    const write = db.transaction((attendeeId: string, i: number) => {
      const step = stepIds[i % stepIds.length]!;
      steps.set(attendeeId, step, 'done', null, new Date().toISOString());
      audit.append({ actor: 'Bench', action: 'step.done', subject: attendeeId, data: { step } });
    });
    const samples: number[] = [];
    for (let i = 0; i < COMMIT_SAMPLES; i += 1) {
      const t = performance.now();
      write(attendees[i % attendees.length]!, i);
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    return {
      // Other work on the machine inflates every figure; this says how busy it was.
      loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
      rosterImport5000: {
        rows: ROWS,
        csvBytes: file.byteLength,
        repeats: IMPORT_REPEATS,
        parseMs: parseMs.map(round),
        importMs: importMs.map(round),
        bestParseMs: round(Math.min(...parseMs)),
        bestImportMs: round(Math.min(...importMs)),
        note: 'importMs is roster.import through the dispatcher: zod input check, base64 and encoding decode, parse, one transaction with 5,000 roster rows and one audit event (pending steps have no rows)',
      },
      sqliteStepCommit: {
        samples: COMMIT_SAMPLES,
        synchronous: db.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : String(db.pragma('synchronous', { simple: true })),
        journalMode: db.pragma('journal_mode', { simple: true }),
        p50Ms: percentile(samples, 50),
        p99Ms: percentile(samples, 99),
        maxMs: percentile(samples, 100),
        note: 'one transaction: a step row update plus its hash-chained audit event',
      },
    };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
