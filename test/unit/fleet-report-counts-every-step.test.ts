import { describe, expect, it } from 'vitest';
import { reportStepColumns } from '../../electron/core/fleet/migrations/005-fleet-report';
import { stepColumn } from '../../electron/core/fleet/report/fleet-report-query';
import { stepTable } from '../../shared/domain/step-table';

/**
 * Migration 004 froze the steps it keeps counts for (a shipped migration never changes). A step
 * the step table gains, or one that stops counting towards done, needs a fleet migration of its
 * own: this test fails until one adds its columns and the report reads them.
 */
describe("the fleet report's counts cover the step table", () => {
  it('has a column for every step, in the table\'s order, named as the report reads it', () => {
    expect(reportStepColumns.map(({ step }) => step)).toEqual(stepTable.map((step) => step.id));
    for (const { step, column } of reportStepColumns) expect(stepColumn(step)).toBe(column);
  });

  it('counts an attendee complete on the steps that count towards done, which are all of them', () => {
    expect(stepTable.every((step) => step.countsTowardsDone)).toBe(true);
  });
});
