import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';

/** Waits for one event; see CdpPipe.nextEvent. */
interface EventWaiter {
  method: string;
  sessionId: string;
  resolve(): void;
  reject(error: Error): void;
}

const messageSchema = z.object({
  id: z.number().int().optional(),
  result: z.unknown().optional(),
  error: z.object({ message: z.string() }).loose().optional(),
  method: z.string().optional(),
  sessionId: z.string().optional(),
});

/** No answer of the few commands we send comes near this; more means something is wrong. */
const maxMessageBytes = 64 * 1024 * 1024;

/**
 * Chromium's DevTools protocol over the pipe `--remote-debugging-pipe` opens: JSON messages,
 * each ended by a NUL byte; commands go to Chromium's fd 3, answers and events come from its
 * fd 4 (Puppeteer's PipeTransport frames them the same way). Only what the PDF renderer
 * needs: commands with a zod schema for their answer, and waiting for an event by name.
 */
export class CdpPipe {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  private readonly waiters = new Set<EventWaiter>();
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private closed: Error | null = null;

  /** `onClose` hears once when the pipe can no longer be used (Chromium gone, a page crashed, garbage on the pipe). */
  constructor(
    private readonly toChromium: Writable,
    fromChromium: Readable,
    private readonly onClose: (error: Error) => void,
  ) {
    fromChromium.on('data', (chunk: Buffer) => this.receive(chunk));
    fromChromium.on('close', () => this.close(new Error('Chromium closed the DevTools pipe')));
    fromChromium.on('error', (error) => this.close(error));
    toChromium.on('error', (error) => this.close(error));
  }

  /** Sends a command (to a page when `sessionId` is given) and parses its answer with `answer`. */
  send<T>(method: string, params: Record<string, unknown>, answer: z.ZodType<T>, sessionId?: string): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = ++this.nextId;
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.toChromium.write(`${JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) })}\0`);
    }).then((result) => answer.parse(result));
  }

  /**
   * The next event `method` of the page session `sessionId`: ask before sending the command
   * that causes it. `done` fails when the pipe closes first; `cancel` stops waiting.
   */
  nextEvent(method: string, sessionId: string): { done: Promise<void>; cancel(): void } {
    let waiter: EventWaiter | undefined;
    const done = this.closed
      ? Promise.reject(this.closed)
      : new Promise<void>((resolve, reject) => {
          waiter = { method, sessionId, resolve, reject };
          this.waiters.add(waiter);
        });
    return {
      done,
      cancel: () => {
        if (waiter) this.waiters.delete(waiter);
      },
    };
  }

  /** Fails every command and event still waited for, and every later one, with `error`. */
  close(error: Error): void {
    if (this.closed) return;
    this.closed = error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    for (const { reject } of this.waiters) reject(error);
    this.waiters.clear();
    this.onClose(error);
  }

  private receive(chunk: Buffer): void {
    let end = chunk.indexOf(0);
    while (end >= 0) {
      this.received.push(chunk.subarray(0, end));
      const text = Buffer.concat(this.received).toString('utf8');
      this.received = [];
      this.receivedBytes = 0;
      this.dispatch(text);
      chunk = chunk.subarray(end + 1);
      end = chunk.indexOf(0);
    }
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    if (this.receivedBytes > maxMessageBytes) this.close(new Error('Chromium sent a DevTools message larger than 64 MiB'));
  }

  private dispatch(text: string): void {
    let message;
    try {
      message = messageSchema.parse(JSON.parse(text));
    } catch {
      this.close(new Error('Chromium sent a DevTools message that is not the protocol'));
      return;
    }
    if (message.id !== undefined) {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(`${message.error.message}`));
      else waiting?.resolve(message.result ?? {});
    } else if (message.method === 'Inspector.targetCrashed') {
      // A crashed page answers nothing more: waiting for it would only end at the timeout.
      this.close(new Error('the page crashed in Chromium'));
    } else if (message.method !== undefined) {
      for (const waiter of this.waiters) {
        if (waiter.method !== message.method || waiter.sessionId !== message.sessionId) continue;
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
