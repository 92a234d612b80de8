import { useEffect } from 'react';

/** A section of the kiosk status tells its tab whether it needs attention, whenever that changes. */
export type ReportAttention = (needs: boolean) => void;

export function useReportAttention(report: ReportAttention | undefined, needs: boolean): void {
  useEffect(() => report?.(needs), [report, needs]);
}
