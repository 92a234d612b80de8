import type { IdpStatus } from '../../../shared/contract/idp-calls';
import type { MessageKey } from '../i18n/en';

type Capabilities = IdpStatus['capabilities'];

const linkKeys: Record<Capabilities['platformPasskeyLink'], MessageKey> = {
  temporaryAccessPass: 'kioskStatus.idp.link.temporaryAccessPass',
  requiredAction: 'kioskStatus.idp.link.requiredAction',
  recoveryLink: 'kioskStatus.idp.link.recoveryLink',
  training: 'kioskStatus.idp.link.training',
};

const backupKeys: Record<Capabilities['backupKey'], MessageKey> = {
  onBehalf: 'kioskStatus.idp.backup.onBehalf',
  kioskChallenge: 'kioskStatus.idp.backup.kioskChallenge',
  flowExecutor: 'kioskStatus.idp.backup.flowExecutor',
};

const codeKeys: Record<Capabilities['recoveryCodes'], MessageKey> = {
  idpIssued: 'kioskStatus.idp.codes.idpIssued',
  kioskIssuedHashed: 'kioskStatus.idp.codes.kioskIssuedHashed',
  unsupported: 'kioskStatus.idp.codes.unsupported',
};

export const findByKeys: Record<Capabilities['findBy'][number], MessageKey> = {
  badgeId: 'kioskStatus.idp.field.badgeId',
  email: 'kioskStatus.idp.field.email',
  username: 'kioskStatus.idp.field.username',
};

/** The declared capabilities as the sentences a facilitator reads, in a fixed order. */
export function capabilitySentenceKeys(capabilities: Capabilities): MessageKey[] {
  return [
    linkKeys[capabilities.platformPasskeyLink],
    backupKeys[capabilities.backupKey],
    capabilities.offlineKeyRegistration ? 'kioskStatus.idp.offlineYes' : 'kioskStatus.idp.offlineNo',
    codeKeys[capabilities.recoveryCodes],
  ];
}

export const idpKindKeys: Record<IdpStatus['kind'], MessageKey> = {
  training: 'kioskStatus.idp.kind.training',
  entra: 'kioskStatus.idp.kind.entra',
  keycloak: 'kioskStatus.idp.kind.keycloak',
  authentik: 'kioskStatus.idp.kind.authentik',
};

export const idpErrorKeys: Record<NonNullable<IdpStatus['lastError']>['kind'], MessageKey> = {
  transient: 'kioskStatus.idp.error.transient',
  rateLimited: 'kioskStatus.idp.error.rateLimited',
  unauthorized: 'kioskStatus.idp.error.unauthorized',
  permanent: 'kioskStatus.idp.error.permanent',
};
