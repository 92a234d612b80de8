import { describe, expect, it } from 'vitest';
import { Ctap2Command } from '../../electron/core/fido/ctap2/ctap2-constants';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService, type KeyServiceOptions } from '../../electron/core/fido/keys/key-service';
import { VirtualAuthenticator } from '../../electron/core/fido/virtual';
import { hostileBackend, hostileDescriptor, isCtap2, isInit, within, type HostileScript } from './helpers/hostile-key';

const path = hostileDescriptor.path;

/** KeyService on one hostile key, with deadlines short enough for a test (1 s for quick operations). */
function service(scriptFor: (open: number) => HostileScript, options: Partial<KeyServiceOptions> = {}) {
  const backend = hostileBackend(new VirtualAuthenticator({ resetWindowMs: null }), scriptFor);
  const keys = new KeyService({ backend, catalog: AaguidCatalog.curated(), kioskMinPinLength: 6, hid: { pollMs: 20 }, listWaitMs: 200, shortDeadlineMs: 1_000, ...options });
  return { keys, backend };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await run();
  return { result, ms: Date.now() - started };
}

const notAnswering = { state: 'error', problemCode: 'key_not_answering', problem: { reason: 'key.notAnswering', params: {} }, model: null };

describe('a key that never answers is listed as "not answering", and the listing lets go of it', () => {
  it('no answer to CTAPHID INIT: the listing says not answering (not busy), and the next call does not wait behind it', async () => {
    const { keys } = service(() => ({ answer: (request) => (isInit(request) ? 'silence' : 'pass') }));
    const listing = await timed(() => keys.list());
    expect(listing.result).toEqual([expect.objectContaining(notAnswering)]);
    expect(listing.ms).toBeLessThan(2_500);
    const next = await timed(() => within(keys.pinStatus(path), 5_000));
    expect(next.result).toMatchObject({ error: { code: 'key_not_answering' } });
    expect(next.ms).toBeLessThan(2_500);
  });

  it('INIT answered but getInfo only ever "processing": two listings in a row both say not answering, and the key is free again after them', async () => {
    const { keys, backend } = service((open) => ({ answer: (request) => (open < 2 && isCtap2(request, Ctap2Command.getInfo) ? 'processing' : 'pass') }));
    for (let round = 0; round < 2; round++) {
      const listing = await timed(() => keys.list());
      expect(listing.result).toEqual([expect.objectContaining(notAnswering)]);
      expect(listing.ms).toBeLessThan(2_500);
    }
    await expect(within(keys.pinStatus(path), 2_500)).resolves.toMatchObject({ value: { pinState: 'notSet' } });
    expect(backend.opens()).toBe(3);
  });
});

describe('every KeyService operation has an overall deadline', () => {
  it('an OS read that never settles: the call gets key_not_answering at its deadline, and the next call on the key runs', async () => {
    const { keys } = service((open) => ({ answer: (request) => (open === 0 && isCtap2(request, Ctap2Command.getInfo) ? 'hang' : 'pass') }));
    const first = await timed(() => within(keys.pinStatus(path), 5_000));
    expect(first.result).toMatchObject({ error: { code: 'key_not_answering' } });
    expect(first.ms).toBeLessThan(2_500);
    await expect(within(keys.pinStatus(path), 2_500)).resolves.toMatchObject({ value: { pinState: 'notSet' } });
  });

  it('an OS device enumeration that never settles: keys.list fails as unavailable at the deadline', async () => {
    const keys = new KeyService({ backend: { kind: 'hid', list: () => new Promise(() => undefined), open: () => new Promise(() => undefined) }, catalog: AaguidCatalog.curated(), kioskMinPinLength: 6, shortDeadlineMs: 300 });
    await expect(within(keys.list(), 2_000)).resolves.toMatchObject({ error: { code: 'unavailable' } });
  });

  it('a close that never settles does not hold the key: three calls in a row all answer', async () => {
    const { keys } = service(() => ({ closeHangs: true }));
    for (let call = 0; call < 3; call++) {
      await expect(within(keys.pinStatus(path), 2_500)).resolves.toMatchObject({ value: { pinState: 'notSet' } });
    }
    await expect(within(keys.list(), 2_500)).resolves.toMatchObject({ value: [{ state: 'ready', pinState: 'notSet' }] });
  });

  it('a reset whose read hangs while the key should wait for a touch ends at touch timeout plus margin; a listing meanwhile says busy', async () => {
    const { keys } = service((open) => ({ answer: (request) => (open === 0 && isCtap2(request, Ctap2Command.reset) ? 'hang' : 'pass') }), {
      touchTimeoutMs: 500,
      longDeadlineMarginMs: 500,
    });
    const reset = timed(() => within(keys.reset(path), 6_000));
    await expect(keys.list()).resolves.toMatchObject([{ state: 'busy' }]);
    const { result, ms } = await reset;
    expect(result).toMatchObject({ error: { code: 'key_not_answering' } });
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3_000);
    await expect(within(keys.wink(path), 2_500)).resolves.toEqual({ value: undefined });
  });
});
