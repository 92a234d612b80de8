import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditExport } from '../../electron/core/audit/audit-export-verify';
import { FileSecretStore } from '../../electron/core/secrets/file-secret-store';
import { AuditLog } from '../../electron/core/store/audit-log';
import { sessionCore, T0 } from './helpers/session-core';

let harness: ReturnType<typeof quietCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The secret store the signing key goes into, without its plaintext warning on the test's output. */
const quietCore = () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-audit-call-'));
  const h = sessionCore({}, { secrets: new FileSecretStore({ dataDir, warn: () => undefined }) }, { dataDir });
  return { ...h, close: () => h.close().then(() => rmSync(dataDir, { recursive: true, force: true })) };
};
const day = (offsetDays: number) => new Date(T0 + offsetDays * 24 * 60 * 60 * 1000).toISOString();

describe('audit.export through the core: the file the status screen downloads', () => {
  it('hands IT the range as a signed file that verifies with the key the status screen shows, named for its days, and audits the export', async () => {
    const h = (harness = quietCore());
    await h.call('session.start', { department: 'Finance', room: 'B-204', plannedMinutes: 30 });
    const { fingerprint, publicKey } = await h.call('audit.signingKey', {});
    expect(await h.call('audit.signingKey', {})).toEqual({ fingerprint, publicKey });

    const exported = await h.call('audit.export', { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' });
    expect(exported.filename).toBe('audit-log-2026-03-01-to-2026-03-02.json');
    const check = verifyAuditExport(exported.json, { expectedKey: fingerprint });
    expect(check).toMatchObject({ ok: true, head: { exportedBy: 'Training facilitator', events: exported.events } });
    // Everything the kiosk wrote so far: the key enrolled, the unlock, the session started.
    const actions = new AuditLog(h.core.db, () => new Date()).list().reverse().map((row) => row.action);
    expect(exported.events).toBe(actions.length - 1);
    expect(actions.at(-1)).toBe('audit.exported');
    expect(actions).toContain('session.start');
  });

  it('refuses a range that ends before it starts, or a day without its zone, as invalid input', async () => {
    const h = (harness = quietCore());
    expect(await h.fail('audit.export', { from: day(1), to: day(-1) })).toMatchObject({ code: 'invalid_input' });
    expect(await h.fail('audit.export', { from: '2026-03-01', to: day(1) })).toMatchObject({ code: 'invalid_input' });
  });
});
