import WebSocket from 'ws';
import type { WebHost } from '../../../electron/web/start-web-host';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract/calls';
import type { EventEnvelope, ResponseEnvelope } from '../../../shared/contract/envelope';

/** A bridge client speaking the web host's protocol: one message per call, replies matched by id. */
export async function openBridge(host: WebHost) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${encodeURIComponent(host.token)}`, { origin: host.origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const events: EventEnvelope[] = [];
  const waiting = new Map<number, (envelope: ResponseEnvelope) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; envelope?: ResponseEnvelope; event?: EventEnvelope };
    if (message.event) events.push(message.event);
    else if (typeof message.id === 'number') waiting.get(message.id)?.(message.envelope!);
  });
  let nextId = 1;
  async function send(name: string, input: unknown): Promise<ResponseEnvelope> {
    const id = nextId++;
    const reply = new Promise<ResponseEnvelope>((resolve) => waiting.set(id, resolve));
    ws.send(JSON.stringify({ id, name, input }));
    return reply;
  }
  async function call<K extends CallName>(name: K, input: CallInput<K>): Promise<CallOutput<K>> {
    const envelope = await send(name, input);
    if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.code}: ${envelope.error.message}`);
    return envelope.result as CallOutput<K>;
  }
  return { send, call, events, close: () => ws.close() };
}

export type BridgeClient = Awaited<ReturnType<typeof openBridge>>;
