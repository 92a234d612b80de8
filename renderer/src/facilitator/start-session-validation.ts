import { sessionCalls } from '../../../shared/contract/session-calls';
import { PLANNED_MINUTES_MAX, PLANNED_MINUTES_MIN } from '../../../shared/domain/limits';
import { checkInput, type FieldIssue } from '../app/contract-input';
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

function textProblem(field: 'department' | 'room', issue: FieldIssue): FieldProblem {
  return issue.code === 'too_big' ? { key: 'validation.tooLong', params: { max: Number(issue.maximum) } } : { key: requiredKeys[field] };
}

function minutesProblem(issue: FieldIssue): FieldProblem {
  return issue.code === 'too_small' || issue.code === 'too_big'
    ? { key: 'validation.minutesRange', params: { min: PLANNED_MINUTES_MIN, max: PLANNED_MINUTES_MAX } }
    : { key: 'validation.minutesNotNumber' };
}

/**
 * Checks the form with session.start's own schema; returns either the problems per field or the
 * input for session.start. Minutes typed as anything but digits are no number at all.
 */
export function validateStartSession(form: StartSessionForm): { ok: true; input: StartSessionInput } | { ok: false; problems: StartSessionProblems } {
  const minutesText = form.plannedMinutes.trim();
  const checked = checkInput(sessionCalls['session.start'].input, {
    department: form.department,
    room: form.room,
    plannedMinutes: /^\d+$/.test(minutesText) ? Number(minutesText) : Number.NaN,
  });
  if (checked.ok) return { ok: true, input: checked.input };
  const { department, room, plannedMinutes } = checked.fields;
  const problems: StartSessionProblems = {};
  if (department) problems.department = textProblem('department', department);
  if (room) problems.room = textProblem('room', room);
  if (plannedMinutes) problems.plannedMinutes = minutesProblem(plannedMinutes);
  return { ok: false, problems };
}
