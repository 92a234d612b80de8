import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingIdp } from '../../electron/core/idp/training/training-idp';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from './helpers/cups-queue';
import { throughTheBackupKey } from './helpers/journey-to-codes';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';
import { until } from './helpers/until';

/**
 * Journey steps 4–6 in training mode, printed through a real CUPS queue (cups-pdf) and read
 * back as a person would: the codes from the sheet's text, the label's QR code from a
 * rendering. The codes exist only on that paper; the data directory never holds them.
 */
const missing = cupsMissing();
const PIN = '482915';
let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const textOf = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
const codesOn = (text: string) => [...text.matchAll(/\b([A-Z2-9]{4})-([A-Z2-9]{4})-([A-Z2-9]{4})\b/g)].map((m) => `${m[1]}${m[2]}${m[3]}`);


describe.skipIf(missing !== null)(`recovery codes, envelope and "enrolled" in training${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let sheets: PdfQueue;
  let labels: PdfQueue;
  beforeAll(async () => {
    await ensureCups();
    sheets = addPdfQueue('kiosk-test-journey-sheet');
    labels = addPdfQueue('kiosk-test-journey-label');
  });
  afterAll(() => {
    sheets?.remove();
    labels?.remove();
  });

  it('prints the codes only on paper, accepts one reprint, queues only hashes, seals and labels the envelope, and counts the attendee enrolled once the IdP lists two authenticators', async () => {
    const h = (harness = sessionCore({ printers: { sheet: { queue: sheets.name }, label: { queue: labels.name } } }));
    const who = await confirmedTrainingAttendee(h, '100106');

    const registered = await throughTheBackupKey(h, who, PIN);
    expect(registered).toMatchObject({ place: 'recoveryCodes', recoveryCodes: { mode: 'kioskIssuedHashed', printed: false, reprintsLeft: 1 } });

    // The sheet: name, date and ten codes, read back from the paper; the screen never gets them.
    const printed = await h.call('journey.codes.print', { ...who, locale: 'en' });
    expect(printed.recoveryCodes).toMatchObject({ printed: true, count: 10 });
    expect(JSON.stringify(printed)).not.toMatch(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    const firstSheet = textOf(await sheets.waitForPdf(jobOf(h, 'journey.codesPrinted')));
    expect(firstSheet).toContain('Tobias Weißenböck');
    const codes = codesOn(firstSheet);
    expect(codes).toHaveLength(10);

    // One reprint with the same codes; a second is refused.
    await h.call('journey.codes.reprint', { ...who, locale: 'de' });
    const reprint = textOf(await sheets.waitForPdf(jobOf(h, 'journey.codesReprinted')));
    expect(codesOn(reprint)).toEqual(codes);
    expect((await h.fail('journey.codes.reprint', { ...who, locale: 'en' })).code).toBe('forbidden');

    const confirmed = await h.call('journey.codes.confirm', who);
    expect(confirmed.place).toBe('envelope');
    const idp = h.core.idp as TrainingIdp;
    const user = (await idp.findUser({ badgeId: '100106' }))!;
    await until('the hashes to reach the training IdP', async () => idp.acceptsRecoveryCode(user.id, codes[0]!));
    for (const code of codes) expect(idp.acceptsRecoveryCode(user.id, code)).toBe(true);

    // The envelope: next seal number of the sequence, label text and its QR code for custody.
    const sealed = await h.call('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' });
    expect(sealed.place).toBe('done');
    expect(sealed.envelope).toMatchObject({ sealNumber: 'K001000', code: expect.stringMatching(/^ENV-/) });
    const labelPdf = await labels.waitForPdf(jobOf(h, 'step.done', 'envelope'));
    const labelText = textOf(labelPdf).replace(/\s+/g, ' ');
    for (const part of ['Tobias', 'K001000', sealed.backupKey!.fingerprint, 'Training facilitator']) expect(labelText).toContain(part);
    const rendering = join(h.dataDir, '..', `${who.sessionId}-label`);
    execFileSync('pdftoppm', ['-png', '-r', '300', '-singlefile', labelPdf, rendering]);
    const png = PNG.sync.read(readFileSync(`${rendering}.png`));
    rmSync(`${rendering}.png`);
    const qr = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    expect(qr?.data).toBe(sealed.envelope!.code);
    // The journey is done, and the kiosk stays the attendee's until the facilitator comes back with their key.
    expect(h.core.access.state()).toMatchObject({ locked: true, lockedBecause: 'attendeeJourney' });
    await h.comeBack();
    expect(await h.call('custody.find', { code: qr!.data })).toMatchObject({ kind: 'found', record: { envelope: { state: 'sealed', sealNumber: 'K001000' }, owner: { familyName: 'Weißenböck' } } });

    // Enrolled: the training IdP lists the passkey and the backup key.
    const row = await until('the board to say enrolled', async () => {
      const board = await h.call('board.get', { sessionId: who.sessionId });
      const found = board.rows.find((r) => r.attendee.id === who.attendeeId);
      return found?.enrollment?.outcome === 'enrolled' ? found : null;
    });
    expect(row.enrollment).toMatchObject({ outcome: 'enrolled', authenticators: 2 });

    // Secrets scan: no recovery code and no PIN anywhere in the data directory, its log folder included.
    await h.core.close();
    const files = readdirSync(h.dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
    expect(files.some((file) => file.endsWith(join('logs', 'kiosk.log')))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      for (const secret of [...codes, ...codes.map((c) => c.match(/.{4}/g)!.join('-')), PIN]) expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });
});

/** The CUPS job id the journey recorded in the audit log for its last print of this kind. */
function jobOf(h: ReturnType<typeof sessionCore>, action: string, step?: string): string {
  const rows = h.core.db.prepare('SELECT data FROM audit_log WHERE action = ? ORDER BY seq DESC').pluck().all(action) as string[];
  const data = rows.map((row) => JSON.parse(row) as { jobId?: string; step?: string }).find((d) => d.jobId && (step === undefined || d.step === step));
  if (!data?.jobId) throw new Error(`no ${action} with a job id in the audit log`);
  return data.jobId;
}
