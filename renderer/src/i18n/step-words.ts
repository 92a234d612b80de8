import type { StepId, StepReasonCode } from '../../../shared/domain/step-table';
import type { StepReason } from '../../../shared/domain/steps';
import type { MessageKey } from './en';
import type { MessageParams } from './translate';

/**
 * A step's name and a reason's words are the dictionaries' `step.<id>` and `skip.reason.<code>`:
 * the dictionaries are the one map, and the compiler checks that every id and code of the step
 * table (shared/domain/step-table.ts) has its entry.
 */
export const stepNameKey = (step: StepId): MessageKey => `step.${step}`;
export const reasonKey = (code: StepReasonCode): MessageKey => `skip.reason.${code}`;

/**
 * A skipped or failed step's reason in the reader's language: `other` (and a reason stored
 * before codes) is its note, as written; any other code is its words, then the note if there is one.
 */
export function reasonText(t: (key: MessageKey, params?: MessageParams) => string, reason: StepReason): string {
  if (reason.code === 'other') return reason.note ?? '';
  const words = t(reasonKey(reason.code));
  return reason.note ? t('skip.reasonWithNote', { reason: words, note: reason.note }) : words;
}
