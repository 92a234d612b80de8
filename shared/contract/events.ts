import { z } from 'zod';
import { accessStateSchema } from '../domain/access';
import { outboxItemViewSchema } from './outbox-calls';

/** Every event the core pushes to the renderer, by name. */
export const events = {
  /** Locked or unlocked (by whom), a facilitator key added or removed. */
  'access.changed': accessStateSchema,
  'session.changed': z.object({ sessionId: z.string() }),
  'board.changed': z.object({ sessionId: z.string(), attendeeId: z.string().nullable() }),
  /** An attendee's journey moved (a passkey appeared, a link expired, a step was committed): ask journey.get. */
  'journey.changed': z.object({ sessionId: z.string(), attendeeId: z.string() }),
  /** An outbox item was enqueued, or waits for its next attempt (see nextAttemptAt, lastError). */
  'outbox.queued': outboxItemViewSchema,
  'outbox.sending': outboxItemViewSchema,
  'outbox.done': outboxItemViewSchema,
  /** Needs an operator: lastError and idpMessage say why. */
  'outbox.parked': outboxItemViewSchema,
  /** An envelope was sealed, moved or its label reprinted: custody screens ask again. */
  'custody.changed': z.object({ code: z.string(), sessionId: z.string() }),
  /** Keys of this model were received, counted or taken by a backup-key step: stock screens ask again. */
  'stock.changed': z.object({ model: z.string() }),
  /** A helpdesk recovery moved (an act recorded, the new passkey found): ask recovery.get. */
  'recovery.changed': z.object({ recoveryId: z.string() }),
  /** A security key was plugged in (or the virtual training key came up). */
  'key.attached': z.object({ path: z.string(), product: z.string().nullable(), training: z.boolean() }),
  'key.detached': z.object({ path: z.string() }),
  /** touchNeeded: show "touch your key"; done: the key stopped waiting. */
  'key.progress': z.object({ path: z.string(), stage: z.enum(['processing', 'touchNeeded', 'done']) }),
  /**
   * Not from the core: the browser bridge's own connection to its host (Electron's IPC has none
   * to lose). lost: the host went away (reconnecting goes on); refused: a host answers again but
   * refuses this page's token (it was restarted with a new address); restored: connected again.
   */
  'bridge.connection': z.object({ state: z.enum(['lost', 'refused', 'restored']) }),
};
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.infer<(typeof events)[K]>;
