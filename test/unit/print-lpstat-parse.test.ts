import { describe, expect, it } from 'vitest';
import { assertReady } from '../../electron/core/print/cups/lp-submit';
import { parseAccepting, parseKeepsJobFiles, parsePrinterStatus, parseRequestId, parseSchedulerRunning } from '../../electron/core/print/cups/lpstat-parse';
import type { PrinterState } from '../../electron/core/ports/printer';

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
