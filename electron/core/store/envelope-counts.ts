import type { EnvelopeState } from '../../../shared/domain/custody';

/** Envelopes per custody state, those whose label is missing counted apart (custody's list header). */
export interface EnvelopeCounts {
  byState: Map<EnvelopeState, number>;
  labelMissing: number;
}

/** Adds up rows grouped by (state, label missing), as the kiosk's file and the fleet both give them. */
export function tallyEnvelopeCounts(rows: Iterable<{ state: EnvelopeState; missing: boolean | 0 | 1; n: number }>): EnvelopeCounts {
  const byState = new Map<EnvelopeState, number>();
  let labelMissing = 0;
  for (const row of rows) {
    if (row.missing) labelMissing += row.n;
    else byState.set(row.state, (byState.get(row.state) ?? 0) + row.n);
  }
  return { byState, labelMissing };
}
