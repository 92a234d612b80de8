import type { RecoveryStop } from '../../../shared/domain/recovery';
import type { MessageKey } from '../i18n/en';

/** The guided flow's stops as the stepper names them. */
export const stopKeys: Readonly<Record<RecoveryStop, MessageKey>> = {
  identity: 'helpdesk.stop.identity',
  authenticators: 'helpdesk.stop.authenticators',
  envelope: 'helpdesk.stop.envelope',
  passkey: 'helpdesk.stop.passkey',
  backupKey: 'helpdesk.stop.backupKey',
  done: 'helpdesk.stop.done',
};
