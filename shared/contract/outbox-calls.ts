import { z } from 'zod';
import { NOTE_MAX } from '../domain/limits';
import { defineCall } from './define';
import { messageSchema } from './messages';

export const outboxStateSchema = z.enum(['queued', 'sending', 'done', 'parked', 'discarded']);

/** One outbox item as screens see it: never its payload. */
export const outboxItemViewSchema = z.object({
  itemId: z.number().int().positive(),
  kind: z.string(),
  /** Usually the attendee; items of one subject reach the IdP in order. */
  subjectKey: z.string(),
  state: outboxStateSchema,
  attempts: z.number().int().min(0),
  /** When a queued item will be tried next (ISO); null otherwise. */
  nextAttemptAt: z.string().nullable(),
  /** What went wrong last, as a message code the screen says in the reader's language. */
  lastError: messageSchema.nullable(),
  /** What the IdP itself said, in its own words, when it said something. */
  idpMessage: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OutboxItemView = z.infer<typeof outboxItemViewSchema>;

/** The sync health at a glance. */
export const outboxSummarySchema = z.object({
  /** Queued or being sent. */
  pending: z.number().int().min(0),
  sending: z.number().int().min(0),
  parked: z.number().int().min(0),
  done: z.number().int().min(0),
  discarded: z.number().int().min(0),
  oldestPendingAt: z.string().nullable(),
  oldestPendingAgeSeconds: z.number().min(0).nullable(),
  lastSuccessAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastError: messageSchema.nullable(),
});
export type OutboxSummaryView = z.infer<typeof outboxSummarySchema>;

const itemId = z.number().int().positive();

/** Retry and discard are recorded with the unlocked facilitator (from their key) as the operator. */
export const outboxCalls = {
  'outbox.summary': defineCall(z.object({}).strict(), outboxSummarySchema),
  'outbox.parked': defineCall(z.object({}).strict(), z.object({ items: z.array(outboxItemViewSchema) })),
  'outbox.retry': defineCall(z.object({ itemId }).strict(), outboxItemViewSchema),
  'outbox.discard': defineCall(
    z.object({ itemId, reason: z.string().trim().min(1).max(NOTE_MAX) }).strict(),
    outboxItemViewSchema,
  ),
};
