import { facilitatorRoles, type FacilitatorRole } from '../../../shared/domain/access';
import type { MessageKey } from '../i18n/en';

/** The roles in the order the forms offer them. */
export const roleOptions: readonly FacilitatorRole[] = facilitatorRoles;

export const roleLabelKeys: Record<FacilitatorRole, MessageKey> = {
  facilitator: 'access.role.facilitator',
  it: 'access.role.it',
  helpdesk: 'access.role.helpdesk',
};

/** A select's value back as a role (the select only offers roles). */
export function roleFrom(value: string): FacilitatorRole {
  return roleOptions.find((role) => role === value) ?? 'facilitator';
}
