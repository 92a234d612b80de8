import { describe, expect, it } from 'vitest';
import { assertReady } from '../../electron/core/print/cups/lp-submit';
import { parseAccepting, parseKeepsJobFiles, parsePrinterStatus, parseQueueAnswer, parseRequestId, parseSchedulerRunning } from '../../electron/core/print/cups/lpstat-parse';
import type { PrinterState } from '../../electron/core/print/cups/queue-status';

/** What CUPS 2.4's lpstat prints in the C locale, as recorded on Debian 12. */
const longListing = (first: string, message: string | null, alerts: string) =>
  [first, ...(message === null ? [] : [`\t${message}`]), '\tForm mounted:', '\tContent types: any', '\tPrinter types: unknown', '\tDescription: kiosk-label', `\tAlerts: ${alerts}`, '\tLocation: ', '\tConnection: direct', ''].join('\n');

describe('lpstat output', () => {
  it('reads an idle, a printing and a stopped queue with its reason and alerts', () => {
    expect(parsePrinterStatus(longListing('printer kiosk-label is idle.  enabled since Wed Dec  2 07:03:24 2026', null, 'none'))).toEqual({ state: 'idle', message: null, alerts: [] });
    expect(parsePrinterStatus(longListing('printer kiosk-label now printing kiosk-label-3.  enabled since Wed Dec  2 07:03:24 2026', 'Printing page 1', 'none'))).toEqual({
      state: 'printing',
      message: 'Printing page 1',
      alerts: [],
    });
    expect(parsePrinterStatus(longListing('printer kiosk-label disabled since Wed Dec  2 07:03:34 2026 -', 'Waiting for printer: media-empty', 'media-empty-error paused'))).toEqual({
      state: 'stopped',
      message: 'Waiting for printer: media-empty',
      alerts: ['media-empty-error', 'paused'],
    });
  });

  it('finds no printer in an error or an empty answer', () => {
    expect(parsePrinterStatus('')).toBeNull();
    expect(parsePrinterStatus('lpstat: Invalid destination name in list "nosuch".\n')).toBeNull();
  });

  it('reads whether a queue accepts jobs, and why not', () => {
    expect(parseAccepting('kiosk-sheet accepting requests since Wed Dec  2 07:03:23 2026\n')).toEqual({ accepting: true, reason: null });
    expect(parseAccepting('kiosk-sheet not accepting requests since Wed Dec  2 07:03:23 2026 -\n\tno more\n')).toEqual({ accepting: false, reason: 'no more' });
    expect(parseAccepting('')).toBeNull();
  });

  it('reads the one answer of `lpstat -r -l -p QUEUE -a QUEUE`: scheduler, printer and intake together', () => {
    const accepting = (line: string, reason?: string) => [line, ...(reason ? [`\t${reason}`] : []), ''].join('\n');
    const answer = (first: string, message: string | null, alerts: string, intake: string) => `scheduler is running\n${longListing(first, message, alerts)}${intake}`;
    expect(parseQueueAnswer(answer('printer kiosk-label is idle.  enabled since Sun Dec  6 23:27:20 2026', null, 'none', accepting('kiosk-label accepting requests since Sun Dec  6 23:27:20 2026')))).toEqual({
      schedulerRunning: true,
      printer: { state: 'idle', message: null, alerts: [] },
      intake: { accepting: true, reason: null },
    });
    // A queue that refuses jobs: CUPS shows the reason under the printer line and under the intake line.
    expect(
      parseQueueAnswer(answer('printer kiosk-label is idle.  enabled since Sun Dec  6 23:27:20 2026', 'Closed by IT', 'none', accepting('kiosk-label not accepting requests since Sun Dec  6 23:27:20 2026 -', 'Closed by IT'))),
    ).toEqual({ schedulerRunning: true, printer: { state: 'idle', message: 'Closed by IT', alerts: [] }, intake: { accepting: false, reason: 'Closed by IT' } });
    expect(parseQueueAnswer(answer('printer kiosk-label disabled since Sun Dec  6 23:27:20 2026 -', 'Paused', 'paused', accepting('kiosk-label accepting requests since Sun Dec  6 23:27:20 2026')))).toMatchObject({
      printer: { state: 'stopped', message: 'Paused', alerts: ['paused'] },
      intake: { accepting: true },
    });
    // lpstat stops at what it cannot answer: an unknown queue (its complaint goes to stderr), no scheduler.
    expect(parseQueueAnswer('scheduler is running\n')).toEqual({ schedulerRunning: true, printer: null, intake: null });
    expect(parseQueueAnswer('scheduler is not running\n')).toEqual({ schedulerRunning: false, printer: null, intake: null });
    expect(parseQueueAnswer('')).toEqual({ schedulerRunning: false, printer: null, intake: null });
  });

  it('reads the scheduler, the request id and the job-file setting', () => {
    expect(parseSchedulerRunning('scheduler is running\n')).toBe(true);
    expect(parseSchedulerRunning('scheduler is not running\n')).toBe(false);
    expect(parseRequestId('request id is kiosk-sheet-12 (0 file(s))\n')).toBe('kiosk-sheet-12');
    expect(parseRequestId('')).toBeNull();
    // Absent means CUPS's default: keep each document for a day.
    expect(parseKeepsJobFiles('_debug_logging=0\nMaxLogSize=0\n')).toBe(true);
    expect(parseKeepsJobFiles('PreserveJobFiles=No\n')).toBe(false);
    expect(parseKeepsJobFiles('PreserveJobFiles=3600\n')).toBe(true);
  });
});

describe('a queue that cannot print now', () => {
  const state = (overrides: Partial<PrinterState>): PrinterState => ({ printer: 'kiosk-label', state: 'idle', reason: null, alerts: [], ...overrides });
  const failure = (s: PrinterState) => {
    try {
      assertReady(s);
      return null;
    } catch (error) {
      return { code: (error as { code: string }).code, message: (error as Error).message, details: (error as { details: unknown }).details };
    }
  };

  it('lets idle and printing queues through', () => {
    expect(failure(state({}))).toBeNull();
    expect(failure(state({ state: 'printing' }))).toBeNull();
  });

  it('says what to do for each state, with the reason to show', () => {
    expect(failure(state({ state: 'spoolerDown' }))).toMatchObject({ code: 'print_failed', details: { reason: 'spoolerDown', queue: 'kiosk-label' } });
    expect(failure(state({ state: 'unknownPrinter' }))).toMatchObject({ details: { reason: 'unknownPrinter' }, message: expect.stringContaining('"kiosk-label"') });
    expect(failure(state({ state: 'stopped', reason: 'Paused' }))).toMatchObject({ details: { reason: 'queueStopped' }, message: expect.stringContaining('cupsenable kiosk-label') });
    expect(failure(state({ state: 'rejecting' }))).toMatchObject({ details: { reason: 'queueRejecting' }, message: expect.stringContaining('cupsaccept kiosk-label') });
  });

  it('calls an empty paper tray "no paper", stopped or not', () => {
    expect(failure(state({ state: 'stopped', alerts: ['media-empty-error', 'paused'] }))).toMatchObject({ details: { reason: 'noPaper' } });
    expect(failure(state({ alerts: ['media-needed'] }))).toMatchObject({ details: { reason: 'noPaper' } });
  });
});
