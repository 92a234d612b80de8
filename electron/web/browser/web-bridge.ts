import type { EventEnvelope, KioskBridge, ResponseEnvelope } from '../../../shared/contract/envelope';
import { KioskError } from '../../../shared/contract/errors';
import { message, type Message } from '../../../shared/contract/messages';
import { bridgePath, hostMessageSchema, type CallMessage } from '../bridge-protocol';
import { takeBridgeToken } from './bridge-token';

/**
 * The browser side of the web host: `window.kiosk` over the WebSocket bridge, the same
 * KioskBridge the Electron preload exposes. Calls made before the socket is open are queued;
 * a dropped connection is re-opened with backoff, and the page is told at once that it was lost
 * (a `bridge.connection` event), whether a host that answers again refuses its token, and when
 * it is connected again.
 */
interface Pending {
  resolve: (envelope: ResponseEnvelope) => void;
  sent: boolean;
  message: string;
}

const token = takeBridgeToken();
const pending = new Map<number, Pending>();
const listeners = new Set<(event: EventEnvelope) => void>();
let socket: WebSocket | null = null;
let nextId = 1;
let retryDelayMs = 250;
/** Connection attempts in a row that never opened (host gone, or restarted with a new token). */
let failedAttempts = 0;
/** The connection was open once and is gone: the page was told, and is told again when it is back. */
let lost = false;
let refusedSaid = false;

function announce(state: 'lost' | 'refused' | 'restored'): void {
  for (const listener of [...listeners]) listener({ name: 'bridge.connection', payload: { state } });
}

/**
 * A WebSocket that never opens looks the same whether the host is down or refused the token. The
 * host's own page answering tells them apart: it is up, so the token is what it refused.
 */
function probeHost(): void {
  fetch(new URL('/', window.location.href), { method: 'HEAD', cache: 'no-store' }).then(
    (response) => {
      if (response.ok && !refusedSaid && socket === null) {
        refusedSaid = true;
        announce('refused');
      }
    },
    () => undefined,
  );
}

function failure(code: 'unavailable' | 'forbidden', said: Message): ResponseEnvelope {
  return { ok: false, error: new KioskError(code, said).toBody() };
}

function connect(): void {
  if (!token) return;
  const url = new URL(bridgePath, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  const ws = new WebSocket(url);
  socket = ws;
  let opened = false;
  ws.addEventListener('open', () => {
    opened = true;
    failedAttempts = 0;
    retryDelayMs = 250;
    if (lost) {
      lost = false;
      refusedSaid = false;
      announce('restored');
    }
    for (const call of pending.values()) {
      if (!call.sent) {
        ws.send(call.message);
        call.sent = true;
      }
    }
  });
  ws.addEventListener('message', (event: MessageEvent) => receive(event.data));
  ws.addEventListener('close', () => {
    socket = null;
    // A call already sent may or may not have run: say so instead of silently sending it again.
    for (const [id, call] of pending) {
      if (call.sent) {
        pending.delete(id);
        call.resolve(failure('unavailable', message('contract.bridgeInterrupted')));
      }
    }
    if (opened && !lost) {
      lost = true;
      announce('lost');
    }
    if (!opened && lost) probeHost();
    // Calls still waiting to be sent get an answer instead of hanging; reconnecting goes on.
    failedAttempts = opened ? 0 : failedAttempts + 1;
    if (failedAttempts >= 3) {
      for (const [id, call] of pending) {
        pending.delete(id);
        call.resolve(failure('unavailable', message('contract.hostUnreachable')));
      }
    }
    window.setTimeout(connect, retryDelayMs);
    retryDelayMs = Math.min(retryDelayMs * 2, 5000);
  });
}

function receive(data: unknown): void {
  if (typeof data !== 'string') return;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return;
  }
  const message = hostMessageSchema.safeParse(json);
  if (!message.success) return;
  if ('event' in message.data) {
    for (const listener of [...listeners]) listener(message.data.event);
    return;
  }
  const id = message.data.id;
  if (typeof id !== 'number') return;
  const call = pending.get(id);
  if (!call) return;
  pending.delete(id);
  call.resolve(message.data.envelope);
}

const bridge: KioskBridge = {
  call(name, input) {
    if (!token) {
      return Promise.resolve(failure('forbidden', message('contract.noToken')));
    }
    return new Promise((resolve) => {
      const id = nextId++;
      const message: CallMessage = { id, name, input };
      const call: Pending = { resolve, sent: false, message: JSON.stringify(message) };
      pending.set(id, call);
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(call.message);
        call.sent = true;
      }
    });
  },
  subscribe(listener) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

Object.defineProperty(window, 'kiosk', { value: Object.freeze(bridge), writable: false, configurable: false, enumerable: true });
connect();
