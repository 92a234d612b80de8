import type { RawData, WebSocket } from 'ws';
import type { ResponseEnvelope } from '../../shared/contract/envelope';
import { KioskError } from '../../shared/contract/errors';
import { message, type Message } from '../../shared/contract/messages';
import type { Dispatch } from '../core/contract/dispatch';
import { zodIssuesToDetails } from '../core/contract/zod-details';
import type { EventBus } from '../core/events/event-bus';
import { callIdSchema, callMessageSchema, type CallId, type EventMessage, type ReplyMessage } from './bridge-protocol';

export interface BridgeCore {
  dispatch: Dispatch;
  events: EventBus;
}

/**
 * One browser connection: every message is parsed before anything else happens; a message
 * that is not a valid call gets an error envelope back and the connection stays up.
 */
export function serveBridgeConnection(socket: WebSocket, core: BridgeCore): void {
  const send = (message: ReplyMessage | EventMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = core.events.subscribe((event) => send({ event }));
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);

  socket.on('message', (data: RawData, isBinary: boolean) => {
    const parsed = parseCall(data, isBinary);
    if ('refusal' in parsed) {
      send({ id: parsed.id, envelope: parsed.refusal });
      return;
    }
    const { id, name, input } = parsed.call;
    core
      .dispatch(name, input, { transport: 'web' })
      .catch(() => ({
        ok: false as const,
        error: new KioskError('internal', message('contract.internal')).toBody(),
      }))
      .then((envelope) => send({ id, envelope }));
  });
}

type Parsed = { call: { id: CallId; name: string; input: unknown } } | { id: CallId | null; refusal: ResponseEnvelope };

function parseCall(data: RawData, isBinary: boolean): Parsed {
  if (isBinary) return refuse(null, message('contract.bridgeNotText'));
  let json: unknown;
  try {
    json = JSON.parse(rawText(data));
  } catch {
    return refuse(null, message('contract.bridgeNotJson'));
  }
  const result = callMessageSchema.safeParse(json);
  if (result.success) return { call: { id: result.data.id, name: result.data.name, input: result.data.input } };
  // Echo the id when it alone is readable, so the caller's pending promise still settles.
  const id = callIdSchema.safeParse((json as { id?: unknown } | null)?.id);
  return refuse(id.success ? id.data : null, message('contract.bridgeNotACall'), { issues: zodIssuesToDetails(result.error.issues) });
}

function refuse(id: CallId | null, said: Message, details?: unknown): Parsed {
  return { id, refusal: { ok: false, error: new KioskError('invalid_input', said, details).toBody() } };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
