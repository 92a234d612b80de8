/**
 * Reports waiting to be read by one handle, with the HidConnection read semantics: the
 * oldest report, or null when none arrives within the timeout. Bounded, because a handle
 * that never reads must not grow memory without end (a real HID queue drops too).
 */
export class ReportQueue {
  private readonly reports: Uint8Array[] = [];
  private waiter: ((report: Uint8Array | null) => void) | null = null;
  private closed = false;

  constructor(private readonly limit = 1024) {}

  push(report: Uint8Array): void {
    if (this.closed) return;
    if (this.waiter) {
      const wake = this.waiter;
      this.waiter = null;
      wake(report);
      return;
    }
    if (this.reports.length >= this.limit) this.reports.shift();
    this.reports.push(report);
  }

  read(timeoutMs: number): Promise<Uint8Array | null> {
    if (this.closed) return Promise.reject(new Error('the HID connection is closed'));
    if (this.waiter) return Promise.reject(new Error('only one read at a time per HID connection'));
    const next = this.reports.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, Math.max(0, timeoutMs));
      this.waiter = (report) => {
        clearTimeout(timer);
        resolve(report);
      };
    });
  }

  close(): void {
    this.closed = true;
    this.reports.length = 0;
    const wake = this.waiter;
    this.waiter = null;
    wake?.(null);
  }
}
