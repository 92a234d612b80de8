import { z } from 'zod';

/** Every event the core pushes to the renderer, by name. */
export const events = {
  'session.changed': z.object({ sessionId: z.string() }),
  'board.changed': z.object({ sessionId: z.string(), attendeeId: z.string().nullable() }),
};
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.infer<(typeof events)[K]>;
