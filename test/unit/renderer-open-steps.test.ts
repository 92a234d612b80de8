import { describe, expect, it } from 'vitest';
import { groupOpenSteps } from '../../renderer/src/facilitator/open-steps';

describe('report: open steps of an incomplete attendee', () => {
  it('groups steps by status, failures and skips first, keeping each reason with its step', () => {
    const groups = groupOpenSteps([
      { step: 'platformPasskey', status: 'pending', reason: null },
      { step: 'backupKey', status: 'skipped', reason: { code: 'keyDefective', note: null } },
      { step: 'recoveryCodes', status: 'pending', reason: null },
      { step: 'badge', status: 'failed', reason: { code: 'other', note: 'Face did not match' } },
    ]);
    expect(groups).toEqual([
      { status: 'failed', steps: [{ step: 'badge', reason: { code: 'other', note: 'Face did not match' } }] },
      { status: 'skipped', steps: [{ step: 'backupKey', reason: { code: 'keyDefective', note: null } }] },
      { status: 'pending', steps: [{ step: 'platformPasskey', reason: null }, { step: 'recoveryCodes', reason: null }] },
    ]);
  });

  it('keeps a status it does not know, after the known ones, instead of dropping the step', () => {
    const groups = groupOpenSteps([
      { step: 'envelope', status: 'reprint', reason: null },
      { step: 'badge', status: 'inProgress', reason: null },
    ]);
    expect(groups.map((g) => g.status)).toEqual(['inProgress', 'reprint']);
  });
});
