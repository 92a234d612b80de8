import { describe, expect, it } from 'vitest';
import { validateStartSession } from '../../renderer/src/facilitator/start-session-validation';
import { sessionCalls } from '../../shared/contract/session-calls';
import { DEPARTMENT_MAX, ROOM_MAX } from '../../shared/domain/limits';

const good = { department: ' Finance ', room: 'B-204', plannedMinutes: '30' };

describe('start session form validation', () => {
  it('accepts a complete form and produces input the session.start contract accepts', () => {
    const result = validateStartSession(good);
    expect(result).toEqual({ ok: true, input: { department: 'Finance', room: 'B-204', plannedMinutes: 30 } });
    if (result.ok) expect(sessionCalls['session.start'].input.safeParse(result.input).success).toBe(true);
  });

  it('names every missing field', () => {
    const result = validateStartSession({ department: ' ', room: '', plannedMinutes: '30' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.problems).sort()).toEqual(['department', 'room']);
      expect(result.problems.department).toEqual({ key: 'validation.departmentRequired' });
    }
  });

  it('rejects planned minutes that are not a whole number or out of the contract range', () => {
    for (const [minutes, key] of [
      ['abc', 'validation.minutesNotNumber'],
      ['12.5', 'validation.minutesNotNumber'],
      ['', 'validation.minutesNotNumber'],
      ['4', 'validation.minutesRange'],
      ['241', 'validation.minutesRange'],
    ] as const) {
      const result = validateStartSession({ ...good, plannedMinutes: minutes });
      expect(result.ok ? null : result.problems.plannedMinutes?.key).toBe(key);
    }
  });

  it('rejects a name longer than the contract allows', () => {
    const result = validateStartSession({ ...good, room: 'x'.repeat(121) });
    expect(result.ok ? null : result.problems.room?.key).toBe('validation.tooLong');
  });

  it('checks by the contract\'s own schema: the longest values session.start takes pass, one more is refused naming that limit', () => {
    const longest = { ...good, department: 'd'.repeat(DEPARTMENT_MAX), room: 'r'.repeat(ROOM_MAX) };
    expect(validateStartSession(longest).ok).toBe(true);
    expect(sessionCalls['session.start'].input.safeParse({ ...longest, plannedMinutes: 30 }).success).toBe(true);
    const result = validateStartSession({ ...longest, department: `${longest.department}d`, room: `${longest.room}r` });
    expect(result.ok ? null : result.problems).toEqual({
      department: { key: 'validation.tooLong', params: { max: DEPARTMENT_MAX } },
      room: { key: 'validation.tooLong', params: { max: ROOM_MAX } },
    });
  });
});
