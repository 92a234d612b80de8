import { z } from 'zod';
import { eventEnvelopeSchema, responseEnvelopeSchema } from '../../shared/contract/envelope';

/**
 * The WebSocket bridge's wire format, shared by the host and the browser side so both parse
 * what they receive instead of trusting it.
 */
export const callIdSchema = z.union([z.string().min(1).max(64), z.number().int().nonnegative()]);
export type CallId = z.infer<typeof callIdSchema>;

/** Browser → host: one call of the contract. */
export const callMessageSchema = z
  .object({
    id: callIdSchema,
    name: z.string().min(1).max(100),
    input: z.unknown(),
  })
  .strict();
export type CallMessage = z.infer<typeof callMessageSchema>;

/** Host → browser: the answer to one call (id null when the message had no readable id). */
export const replyMessageSchema = z.object({ id: callIdSchema.nullable(), envelope: responseEnvelopeSchema }).strict();
export type ReplyMessage = z.infer<typeof replyMessageSchema>;

/** Host → browser: an event from the core's event bus. */
export const eventMessageSchema = z.object({ event: eventEnvelopeSchema }).strict();
export type EventMessage = z.infer<typeof eventMessageSchema>;

export const hostMessageSchema = z.union([replyMessageSchema, eventMessageSchema]);

/** The bridge's path on the host; the token travels as its `token` query parameter. */
export const bridgePath = '/bridge';
