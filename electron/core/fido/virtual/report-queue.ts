/**
 * Reports waiting to be read by one handle, with the HidConnection read semantics: the
 * oldest report, or null when none arrives within the timeout; overlapping reads are served
 * in order. Bounded, because a handle that never reads must not grow memory without end (a
 * real HID input queue drops too).
 */
export class ReportQueue {
  private readonly reports: Uint8Array[] = [];
  private readonly waiters: ((report: Uint8Array | null) => void)[] = [];
  private closed = false;

  constructor(private readonly limit = 1024) {}

  push(report: Uint8Array): void {
    if (this.closed) return;
    const wake = this.waiters.shift();
    if (wake) {
      wake(report);
      return;
    }
    if (this.reports.length >= this.limit) this.reports.shift();
    this.reports.push(report);
  }

  read(timeoutMs: number): Promise<Uint8Array | null> {
    if (this.closed) return Promise.reject(new Error('the HID connection is closed'));
    const next = this.reports.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve) => {
      const waiter = (report: Uint8Array | null): void => {
        clearTimeout(timer);
        resolve(report);
      };
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
        resolve(null);
      }, Math.max(0, timeoutMs));
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.closed = true;
    this.reports.length = 0;
    for (const wake of this.waiters.splice(0)) wake(null);
  }
}
