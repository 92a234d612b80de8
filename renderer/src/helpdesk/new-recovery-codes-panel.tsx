import type { NewCodesSheet, RecoveryPerson } from '../../../shared/contract/recovery-codes-calls';
import { useAction } from '../kiosk/use-call';
import { NewCodesFlow } from '../recovery/new-codes-flow';

/** The person as the helpdesk's IdP search shows them; the core looks them up again by badge, else email, else user name. */
export interface HelpdeskPerson {
  displayName: string;
  badgeId: string | null;
  email: string | null;
  username: string | null;
}

function searchOf(person: HelpdeskPerson): RecoveryPerson {
  if (person.badgeId) return { badgeId: person.badgeId };
  if (person.email) return { email: person.email };
  return { username: person.username ?? person.displayName };
}

/**
 * New recovery codes at the helpdesk, for the helpdesk's screen to embed: after the identity
 * check (its id, when recorded, goes into the audit), the sheet printed and confirmed; `onDone`
 * gets the settled sheet (confirmed or cancelled), or null when the helpdesk kept the old codes.
 */
export function NewRecoveryCodesPanel({ person, identityCheckId, onDone }: { person: HelpdeskPerson; identityCheckId?: string; onDone(sheet: NewCodesSheet | null): void }) {
  const start = useAction('recovery.newCodesFor');
  return (
    <NewCodesFlow
      displayName={person.displayName}
      testId="helpdesk-new-codes"
      onDone={onDone}
      start={{ ...start, run: (locale) => start.run({ person: searchOf(person), ...(identityCheckId ? { identityCheckId } : {}), locale }) }}
    />
  );
}
