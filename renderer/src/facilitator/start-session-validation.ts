import { DEPARTMENT_MAX, PLANNED_MINUTES_MAX, PLANNED_MINUTES_MIN, ROOM_MAX } from '../../../shared/domain/limits';
import type { MessageKey } from '../i18n/en';
import type { MessageParams } from '../i18n/translate';

export interface StartSessionForm {
  department: string;
  room: string;
  plannedMinutes: string;
}

/** The facilitator is not typed: the core takes them from the key that unlocked the kiosk. */
export interface StartSessionInput {
  department: string;
  room: string;
  plannedMinutes: number;
}

export interface FieldProblem {
  key: MessageKey;
  params?: MessageParams;
}

export type StartSessionProblems = Partial<Record<keyof StartSessionForm, FieldProblem>>;

/** The session.start contract's own limits, so a person hears about them before sending. */
const textMax: Record<'department' | 'room', number> = { department: DEPARTMENT_MAX, room: ROOM_MAX };

const requiredKeys = {
  department: 'validation.departmentRequired',
  room: 'validation.roomRequired',
} as const satisfies Record<string, MessageKey>;

const fieldLabels: Record<keyof StartSessionForm, MessageKey> = {
  department: 'start.department',
  room: 'start.room',
  plannedMinutes: 'start.plannedMinutes',
};

export function labelKeyOf(field: keyof StartSessionForm): MessageKey {
  return fieldLabels[field];
}

/** Checks the form; returns either the problems per field or the input for session.start. */
export function validateStartSession(form: StartSessionForm): { ok: true; input: StartSessionInput } | { ok: false; problems: StartSessionProblems } {
  const problems: StartSessionProblems = {};
  for (const field of ['department', 'room'] as const) {
    const value = form[field].trim();
    if (value.length === 0) problems[field] = { key: requiredKeys[field] };
    else if (value.length > textMax[field]) problems[field] = { key: 'validation.tooLong', params: { max: textMax[field] } };
  }
  const minutesText = form.plannedMinutes.trim();
  const minutes = Number(minutesText);
  if (!/^\d+$/.test(minutesText) || !Number.isSafeInteger(minutes)) {
    problems.plannedMinutes = { key: 'validation.minutesNotNumber' };
  } else if (minutes < PLANNED_MINUTES_MIN || minutes > PLANNED_MINUTES_MAX) {
    problems.plannedMinutes = { key: 'validation.minutesRange', params: { min: PLANNED_MINUTES_MIN, max: PLANNED_MINUTES_MAX } };
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      department: form.department.trim(),
      room: form.room.trim(),
      plannedMinutes: minutes,
    },
  };
}
