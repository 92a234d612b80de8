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

/** The same limits as the session.start contract, so a person hears about them before sending. */
export const textMax = 120;
export const minutesMin = 5;
export const minutesMax = 240;

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
    else if (value.length > textMax) problems[field] = { key: 'validation.tooLong', params: { max: textMax } };
  }
  const minutesText = form.plannedMinutes.trim();
  const minutes = Number(minutesText);
  if (!/^\d+$/.test(minutesText) || !Number.isSafeInteger(minutes)) {
    problems.plannedMinutes = { key: 'validation.minutesNotNumber' };
  } else if (minutes < minutesMin || minutes > minutesMax) {
    problems.plannedMinutes = { key: 'validation.minutesRange', params: { min: minutesMin, max: minutesMax } };
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
