import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CdpPipe } from '../../electron/core/print/chromium/cdp-pipe';

/**
 * The DevTools pipe's framing and its ends, byte for byte as Chromium writes them (JSON, each
 * message ended by a NUL): what Chromium answers is read whole however it is chunked, and a
 * page that crashed, garbage on the pipe or a closed pipe fails what waits instead of leaving
 * it hanging until the print's timeout. Chromium itself is driven in print-warm-renderer.test.ts.
 */
function pipe() {
  const toChromium = new PassThrough();
  const fromChromium = new PassThrough();
  const sent: { id: number; method: string; sessionId?: string }[] = [];
  toChromium.on('data', (chunk: Buffer) => {
    for (const part of chunk.toString('utf8').split('\0').filter(Boolean)) sent.push(JSON.parse(part) as { id: number; method: string; sessionId?: string });
  });
  const closes: string[] = [];
  const cdp = new CdpPipe(toChromium, fromChromium, (error) => closes.push(error.message));
  const chromiumSays = (...frames: string[]) => fromChromium.write(frames.join(''));
  return { cdp, sent, closes, chromiumSays, fromChromium };
}
const frame = (message: unknown) => `${JSON.stringify(message)}\0`;
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("Chromium's DevTools pipe", () => {
  it('sends each command with its own id and session, and reads answers split across chunks and several in one chunk', async () => {
    const { cdp, sent, chromiumSays } = pipe();
    const version = cdp.send('Browser.getVersion', {}, z.object({ product: z.string() }));
    const frameTree = cdp.send('Page.getFrameTree', {}, z.object({ frameTree: z.object({ frame: z.object({ id: z.string() }) }) }), 'S1');
    await settled();
    expect(sent).toEqual([
      { id: 1, method: 'Browser.getVersion', params: {} },
      { id: 2, method: 'Page.getFrameTree', params: {}, sessionId: 'S1' },
    ]);
    const first = frame({ id: 1, result: { product: 'Chrome/156.0' } });
    chromiumSays(first.slice(0, 10));
    chromiumSays(first.slice(10), frame({ method: 'Page.frameStoppedLoading', sessionId: 'S1', params: {} }), frame({ id: 2, result: { frameTree: { frame: { id: 'F1' } } } }));
    expect(await version).toEqual({ product: 'Chrome/156.0' });
    expect(await frameTree).toEqual({ frameTree: { frame: { id: 'F1' } } });
  });

  it("rejects with Chromium's own error, and an answer that is not what the command gives", async () => {
    const { cdp, chromiumSays } = pipe();
    const refused = cdp.send('Page.printToPDF', {}, z.object({ data: z.string() }), 'S1');
    const odd = cdp.send('Page.printToPDF', {}, z.object({ data: z.string() }), 'S1');
    chromiumSays(frame({ id: 1, error: { code: -32000, message: 'Printing failed' } }), frame({ id: 2, result: { data: 42 } }));
    await expect(refused).rejects.toThrow('Printing failed');
    await expect(odd).rejects.toThrow();
  });

  it('resolves a wait for an event of its own page only, and stops waiting when cancelled', async () => {
    const { cdp, chromiumSays } = pipe();
    const load = cdp.nextEvent('Page.loadEventFired', 'S1');
    let loaded = false;
    void load.done.then(() => (loaded = true));
    chromiumSays(frame({ method: 'Page.loadEventFired', sessionId: 'S2', params: {} }), frame({ method: 'Page.domContentEventFired', sessionId: 'S1', params: {} }));
    await settled();
    expect(loaded).toBe(false);
    chromiumSays(frame({ method: 'Page.loadEventFired', sessionId: 'S1', params: {} }));
    await load.done;

    const cancelled = cdp.nextEvent('Page.loadEventFired', 'S1');
    cancelled.cancel();
    let heard = false;
    void cancelled.done.then(() => (heard = true));
    chromiumSays(frame({ method: 'Page.loadEventFired', sessionId: 'S1', params: {} }));
    await settled();
    expect(heard).toBe(false);
  });

  it('a crashed page fails every command and wait at once, says so once, and refuses later commands', async () => {
    const { cdp, chromiumSays, closes } = pipe();
    const printing = cdp.send('Page.printToPDF', {}, z.object({ data: z.string() }), 'S1');
    const load = cdp.nextEvent('Page.loadEventFired', 'S1');
    chromiumSays(frame({ method: 'Inspector.targetCrashed', sessionId: 'S1', params: {} }));
    await expect(printing).rejects.toThrow('the page crashed in Chromium');
    await expect(load.done).rejects.toThrow('the page crashed in Chromium');
    await expect(cdp.send('Browser.getVersion', {}, z.unknown())).rejects.toThrow('the page crashed in Chromium');
    expect(closes).toEqual(['the page crashed in Chromium']);
  });

  it('garbage on the pipe, or the pipe closing, fails what waits', async () => {
    const garbled = pipe();
    const waiting = garbled.cdp.send('Browser.getVersion', {}, z.unknown());
    garbled.chromiumSays('not json\0');
    await expect(waiting).rejects.toThrow('not the protocol');
    expect(garbled.closes).toHaveLength(1);

    const ended = pipe();
    const pending = ended.cdp.send('Browser.getVersion', {}, z.unknown());
    ended.fromChromium.destroy();
    await expect(pending).rejects.toThrow('Chromium closed the DevTools pipe');
    expect(ended.closes).toEqual(['Chromium closed the DevTools pipe']);
  });
});
