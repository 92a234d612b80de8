import { z } from 'zod';
import { errorBodySchema } from './errors';

/** What a transport returns for one call: a result, or an error body. */
export const responseEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorBodySchema }),
]);
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

export const eventEnvelopeSchema = z.object({ name: z.string(), payload: z.unknown() });
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/**
 * The untyped bridge that both transports expose as `window.kiosk`: the Electron preload and
 * the web host's WebSocket bridge. The typed client is built on top of it.
 */
export interface KioskBridge {
  call(name: string, input: unknown): Promise<ResponseEnvelope>;
  subscribe(listener: (event: EventEnvelope) => void): () => void;
}
