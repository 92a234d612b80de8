/**
 * Parsers for what `lpstat` prints in the C locale (CUPS 2.x). Kept apart from running it so
 * the sentences CUPS prints can be tested one by one.
 */

export interface QueueLine {
  /** From the first line: "is idle", "now printing …", "disabled since …". */
  state: 'idle' | 'printing' | 'stopped';
  /** The printer-state-message CUPS prints under that line, e.g. "Paused" or "media-empty". */
  message: string | null;
  /** The `Alerts:` line of `lpstat -l`: printer-state-reasons such as `media-empty-error`. */
  alerts: string[];
}

/** `lpstat -l -p QUEUE`; null when the first line is not a printer line. */
export function parsePrinterStatus(text: string): QueueLine | null {
  const lines = text.split('\n');
  const head = /^printer \S+ (is idle|now printing|disabled)/.exec(lines[0] ?? '');
  if (!head) return null;
  const state = head[1] === 'is idle' ? 'idle' : head[1] === 'now printing' ? 'printing' : 'stopped';
  // The message lines come right after the first line; the long listing's fields start with "Form mounted:".
  const messageLines: string[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith('\t') || line.startsWith('\tForm mounted:')) break;
    messageLines.push(line.trim());
  }
  const alertsLine = lines.find((line) => line.startsWith('\tAlerts:'));
  const alerts = (alertsLine?.slice('\tAlerts:'.length).trim().split(/\s+/) ?? []).filter((alert) => alert !== '' && alert !== 'none');
  const message = messageLines.filter(Boolean).join(' ');
  return { state, message: message === '' ? null : message, alerts };
}

/** `lpstat -a QUEUE`: whether the queue takes new jobs, and why not. */
export function parseAccepting(text: string): { accepting: boolean; reason: string | null } | null {
  const lines = text.split('\n');
  const head = /^\S+ (accepting|not accepting) requests/.exec(lines[0] ?? '');
  if (!head) return null;
  const reason = lines
    .slice(1)
    .filter((line) => line.startsWith('\t'))
    .map((line) => line.trim())
    .join(' ');
  return { accepting: head[1] === 'accepting', reason: reason === '' ? null : reason };
}

/** What one `lpstat -r -l -p QUEUE -a QUEUE` says about a queue (see queue-status.ts). */
export interface QueueAnswer {
  schedulerRunning: boolean;
  /** The `-l -p` section; null when CUPS names no such printer. */
  printer: QueueLine | null;
  /** The `-a` section; null when CUPS names no such queue. */
  intake: { accepting: boolean; reason: string | null } | null;
}

/**
 * Splits the answer into its three parts: the scheduler line, the printer's long listing and
 * the accepting line, each followed by its tab-indented lines. lpstat stops at the first part
 * it cannot answer (no scheduler, an unknown queue), so a missing part is null.
 */
export function parseQueueAnswer(text: string): QueueAnswer {
  const sections: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('\t') && sections.length > 0) sections[sections.length - 1] += `\n${line}`;
    else if (line !== '') sections.push(line);
  }
  const printer = sections.find((section) => section.startsWith('printer '));
  const intake = sections.find((section) => /^\S+ (accepting|not accepting) requests/.test(section));
  return {
    schedulerRunning: parseSchedulerRunning(sections[0] ?? ''),
    printer: printer === undefined ? null : parsePrinterStatus(printer),
    intake: intake === undefined ? null : parseAccepting(intake),
  };
}

/** `lpstat -r`: "scheduler is running" or "scheduler is not running". */
export function parseSchedulerRunning(text: string): boolean {
  return /^scheduler is running/m.test(text);
}

/** `lp`: "request id is kiosk-sheet-12 (0 file(s))" → "kiosk-sheet-12". */
export function parseRequestId(text: string): string | null {
  return /^request id is (\S+)/m.exec(text)?.[1] ?? null;
}

/**
 * `cupsctl`: whether CUPS keeps a printed job's document. PreserveJobFiles is absent while it
 * has its default, which keeps documents for a day (86400 s).
 */
export function parseKeepsJobFiles(text: string): boolean {
  const value = /^PreserveJobFiles=(.*)$/m.exec(text)?.[1]?.trim().toLowerCase();
  if (value === undefined) return true;
  return !['no', 'off', 'false', '0'].includes(value);
}

/** printer-state-reasons that mean "put paper in", e.g. `media-empty-error`, `media-needed`. */
export function isOutOfPaper(alerts: readonly string[]): boolean {
  return alerts.some((alert) => /^media-(empty|needed)/.test(alert));
}
