/** The nearest-rank percentile of values sorted ascending, rounded to `digits` decimals. */
export function percentile(sorted: readonly number[], p: number, digits = 3): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number(sorted[Math.max(0, index)]!.toFixed(digits));
}
