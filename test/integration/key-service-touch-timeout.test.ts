import { describe, expect, it } from 'vitest';
import { Ctap2Command, CtapStatus } from '../../electron/core/fido/ctap2/ctap2-constants';
import { AaguidCatalog } from '../../electron/core/fido/keys/aaguid-catalog';
import { KeyService, type KeyProgress } from '../../electron/core/fido/keys/key-service';
import { VirtualAuthenticator, type VirtualAuthenticatorInit } from '../../electron/core/fido/virtual';
import { ctap2Reply, hostileBackend, hostileDescriptor, isCtap2, type HostileScript } from './helpers/hostile-key';

const path = hostileDescriptor.path;
const TOUCH_MESSAGE = 'You did not touch the key in time. Try again and touch the key when it blinks.';

/** The kiosk waits 500 ms for a touch; the virtual person may wait longer, or never touch. */
function service(init: VirtualAuthenticatorInit, script: HostileScript = {}) {
  const progress: KeyProgress[] = [];
  const backend = hostileBackend(new VirtualAuthenticator({ resetWindowMs: null, ...init }), () => script);
  const keys = new KeyService({
    backend,
    catalog: AaguidCatalog.curated(),
    kioskMinPinLength: 6,
    hid: { pollMs: 20 },
    touchTimeoutMs: 500,
    longDeadlineMarginMs: 5_000,
    onProgress: (p) => progress.push(p),
  });
  return { keys, progress };
}

describe('nobody touching the key is a touch timeout, not a key that does not answer', () => {
  it('the key gives up waiting (CTAP2_ERR_USER_ACTION_TIMEOUT): "you did not touch the key in time"', async () => {
    const { keys } = service({ userPresence: 'timeout', userPresenceTimeoutMs: 200 });
    await expect(keys.reset(path)).rejects.toMatchObject({ code: 'key_touch_timeout', message: TOUCH_MESSAGE });
  });

  it('CTAP2_ERR_ACTION_TIMEOUT says the same', async () => {
    const { keys } = service({}, { answer: (request) => (isCtap2(request, Ctap2Command.reset) ? ctap2Reply(CtapStatus.CTAP2_ERR_ACTION_TIMEOUT) : 'pass') });
    await expect(keys.reset(path)).rejects.toMatchObject({ code: 'key_touch_timeout', message: TOUCH_MESSAGE });
  });

  it('the kiosk stops waiting while the key still asks for a touch (UP-needed keepalives, then the CTAPHID timeout)', async () => {
    const { keys, progress } = service({ userPresence: 'timeout', userPresenceTimeoutMs: 20_000 });
    await expect(keys.reset(path)).rejects.toMatchObject({ code: 'key_touch_timeout', message: TOUCH_MESSAGE });
    expect(progress.map((p) => p.stage)).toEqual(['touchNeeded', 'done']);
  });

  it('a CTAPHID timeout after only "processing" keepalives is a key that does not answer', async () => {
    const { keys } = service({}, { answer: (request) => (isCtap2(request, Ctap2Command.reset) ? 'processing' : 'pass') });
    await expect(keys.reset(path)).rejects.toMatchObject({ code: 'key_not_answering' });
  });
});
