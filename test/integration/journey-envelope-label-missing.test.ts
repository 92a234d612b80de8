import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labelMissing } from '../../shared/domain/custody';
import { addPdfQueue, cupsMissing, ensureCups, type PdfQueue } from './helpers/cups-queue';
import { textOf } from './helpers/pdf-readback';
import { handOverTo } from './helpers/second-facilitator';
import { confirmedTrainingAttendee, sessionCore } from './helpers/session-core';

/**
 * An envelope counts as sealed only together with its printed label. The journey seals and
 * then prints; when the label printer fails (a real CUPS queue, stopped), custody shows the
 * envelope as "label missing" until a print succeeds: the journey's retry, or IT's print.
 */
const missing = cupsMissing();
const PIN = '482915';
let harness: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe.skipIf(missing !== null)(`a label that does not print${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let labels: PdfQueue;
  beforeAll(async () => {
    await ensureCups();
    labels = addPdfQueue('kiosk-test-missing-label');
  });
  afterAll(() => labels?.remove());

  /** An attendee at the envelope step with a registered backup key (passkey and codes skipped). */
  async function atTheEnvelope(h: ReturnType<typeof sessionCore>, badge: string) {
    const who = await confirmedTrainingAttendee(h, badge);
    await h.call('journey.skip', { ...who, step: 'platformPasskey', reason: 'noSmartphone' });
    const [key] = (await h.call('keys.list', {})).keys;
    await h.call('journey.key.setPin', { ...who, path: key!.path, pin: PIN });
    await h.call('journey.key.register', { ...who, path: key!.path, pin: PIN });
    const view = await h.call('journey.skip', { ...who, step: 'recoveryCodes', reason: 'printerBroken', note: 'Out of toner' });
    expect(view.place).toBe('envelope');
    return who;
  }

  it('leaves the envelope "label missing" after a failed print; the retry finds the same envelope, prints its original label and clears it', async () => {
    const h = (harness = sessionCore({ printers: { label: { queue: labels.name } } }));
    const who = await atTheEnvelope(h, '100106');

    execFileSync('cupsdisable', ['-r', 'Label roll empty', labels.name]);
    try {
      const failure = await h.fail('journey.envelope.print', { ...who, sealNumber: 'E-004711', locale: 'en' });
      expect(failure).toMatchObject({ code: 'print_failed', details: { reason: 'queueStopped' } });
    } finally {
      execFileSync('cupsenable', [labels.name]);
    }
    const waiting = await h.call('journey.get', who);
    expect({ place: waiting.place, envelope: waiting.envelope }).toEqual({ place: 'envelope', envelope: null });
    // IT looks the envelope up: a facilitator call, so the facilitator comes back first.
    await h.comeBack();
    const found = await h.call('custody.find', { code: 'e004711' });
    if (found.kind !== 'found') throw new Error('the sealed envelope is not in custody');
    expect(found.record.envelope).toMatchObject({ sealNumber: 'E-004711', state: 'sealed', labelPrintedAt: null });
    expect(labelMissing(found.record.envelope)).toBe(true);
    expect(await h.call('custody.list', {})).toMatchObject({ labelMissing: 1, counts: { sealed: 0 } });

    // The facilitator prints again: the same envelope, its first label, not a reprint.
    const done = await h.call('journey.envelope.print', { ...who, sealNumber: 'e 004711', locale: 'en' });
    expect(done.place).toBe('done');
    expect(done.envelope).toEqual({ code: found.record.envelope.code, sealNumber: 'E-004711', onScreen: null });
    const job = execFileSync('lpstat', ['-W', 'all', '-o', labels.name], { encoding: 'utf8' }).trim().split('\n').at(-1)!.split(' ')[0]!;
    const text = textOf(await labels.waitForPdf(job));
    expect(text).toContain('Seal no. E-004711');
    expect(text).not.toContain('REPRINT');
    const after = await h.call('custody.find', { code: 'E004711' });
    if (after.kind !== 'found') throw new Error('the envelope left custody');
    expect(labelMissing(after.record.envelope)).toBe(false);
    expect(after.record.envelope.labelPrints).toBe(1);
    expect(after.record.history.map((entry) => [entry.action, entry.actor])).toEqual([
      ['seal', 'Training facilitator'],
      ['print', 'Training facilitator'],
    ]);
    expect(await h.call('custody.list', {})).toMatchObject({ labelMissing: 0, counts: { sealed: 1 } });
    expect(h.core.custody.list()).toHaveLength(1);
  });

  it('IT prints a label that never printed at the kiosk from the custody screen, which clears "label missing"', async () => {
    const h = (harness = sessionCore({ printers: { label: { queue: labels.name } } }));
    const who = await atTheEnvelope(h, '100107');
    execFileSync('cupsdisable', ['-r', 'Label printer jammed', labels.name]);
    try {
      expect((await h.fail('journey.envelope.print', { ...who, sealNumber: null, locale: 'en' })).code).toBe('print_failed');
    } finally {
      execFileSync('cupsenable', [labels.name]);
    }
    // The facilitator gives up on the printer and goes on; the envelope stays "label missing" for IT.
    await h.call('journey.skip', { ...who, step: 'envelope', reason: 'printerBroken', note: 'Label printer jammed' });
    const [envelope] = h.core.custody.list();
    expect(envelope && labelMissing(envelope)).toBe(true);

    await h.comeBack();
    await handOverTo(h, 'Ida IT');
    const { record, label } = await h.call('custody.reprintLabel', { code: envelope!.code, reason: 'The label did not print at the kiosk.', locale: 'de' });
    expect(label).toMatchObject({ printNumber: 1, reprint: false, sealNumber: 'K001000' });
    expect(labelMissing(record.envelope)).toBe(false);
    expect(record.history.at(-1)).toMatchObject({ action: 'print', actor: 'Ida IT', note: 'The label did not print at the kiosk.' });
    const job = execFileSync('lpstat', ['-W', 'all', '-o', labels.name], { encoding: 'utf8' }).trim().split('\n').at(-1)!.split(' ')[0]!;
    const text = textOf(await labels.waitForPdf(job));
    expect(text).toContain('Siegel-Nr. K001000');
    expect(text).not.toContain('NACHDRUCK');
  });
});
