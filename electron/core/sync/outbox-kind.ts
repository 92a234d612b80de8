import type { z } from 'zod';
import type { OutboxPayload } from './outbox-types';

/** A payload schema: its output is what the outbox stores and what a handler reads back. */
export type OutboxPayloadSchema = z.ZodType<OutboxPayload>;

/**
 * A kind of outbox item and the one schema of its payload: the step that enqueues builds the
 * payload with it (OutboxService.enqueue checks it), and the sink's handler parses the stored
 * payload with it. Nothing else describes what an item of this kind holds.
 */
export interface OutboxKind<S extends OutboxPayloadSchema = OutboxPayloadSchema> {
  readonly name: string;
  readonly payload: S;
}

export function outboxKind<S extends OutboxPayloadSchema>(name: string, payload: S): OutboxKind<S> {
  return { name, payload };
}
