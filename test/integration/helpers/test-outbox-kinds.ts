import { z } from 'zod';
import { IDP_OUTBOX_KINDS } from '../../../electron/core/idp/idp-outbox-kinds';
import { outboxKind } from '../../../electron/core/sync/outbox-kind';

/** What the generic fake IdP's enrollment items carry: whose, and which of theirs. */
export const enrollmentKind = outboxKind('enrollment', z.object({ attendee: z.string(), seq: z.number().int() }));

/** For tests of the outbox's own mechanics: any JSON object, left to the payload guard. */
export function anyPayloadKind(name: string) {
  return outboxKind(name, z.record(z.string(), z.unknown()));
}

/** A backup-key registration as a crash test hands it to the process it kills (as JSON). */
export interface KeyRegistrationItem {
  idempotencyKey: string;
  subjectKey: string;
  payload: z.input<typeof IDP_OUTBOX_KINDS.keyRegistration.payload>;
}
