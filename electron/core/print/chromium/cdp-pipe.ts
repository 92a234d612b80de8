import type { Readable, Writable } from 'node:stream';
import { z } from 'zod';

/** Something Chromium says unasked (an event), for the page session it names. */
export interface CdpEvent {
  method: string;
  sessionId: string | undefined;
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
 * needs: commands with a zod schema for their answer, and events by name.
 */
export class CdpPipe {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Set<(event: CdpEvent) => void>();
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private closed: Error | null = null;

  constructor(
    private readonly toChromium: Writable,
    fromChromium: Readable,
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

  /** Calls `listener` for each event until the returned function is called. */
  onEvent(listener: (event: CdpEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Fails every command still waiting, and every later one, with `error`. */
  close(error: Error): void {
    if (this.closed) return;
    this.closed = error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
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
    } else if (message.method !== undefined) {
      for (const listener of this.listeners) listener({ method: message.method, sessionId: message.sessionId });
    }
  }
}
