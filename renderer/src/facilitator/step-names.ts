import type { StepId } from '../../../shared/domain/steps';
import type { MessageKey } from '../i18n/en';

export const stepKeys: Record<StepId, MessageKey> = {
  badge: 'step.badge',
  platformPasskey: 'step.platformPasskey',
  backupKey: 'step.backupKey',
  recoveryCodes: 'step.recoveryCodes',
  envelope: 'step.envelope',
};
