import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AaguidCatalog } from '../fido/keys/aaguid-catalog';
import { KeyService } from '../fido/keys/key-service';
import { createSocketBackend } from '../fido/hid/socket-backend';
import { startVirtualAuthenticatorServer, VirtualAuthenticator, type VirtualAuthenticatorServer } from '../fido/virtual';
import type { BuiltInFacilitatorKey } from './built-in-key';

/** Shown on the training banner: a practice key, so its PIN is no secret. */
export const TRAINING_FACILITATOR_PIN = '246810';

/**
 * Training only: a virtual security key built into the kiosk that unlocks it, with a PIN the
 * banner shows. It speaks CTAP over the same loopback socket backend as the training attendee
 * key, so unlocking in training runs the same client and verifier as a real key. Its state
 * (credential, sign counter, PIN tries left) is kept in the data directory so a restart still
 * unlocks and does not hand out fresh PIN tries.
 */
export async function startTrainingFacilitatorKey(dataDir: string, kioskMinPinLength: number): Promise<BuiltInFacilitatorKey> {
  const file = join(dataDir, 'training-facilitator-key.json');
  const plugIn = async (authenticator: VirtualAuthenticator) => {
    const server: VirtualAuthenticatorServer = await startVirtualAuthenticatorServer({ authenticator });
    // In-process, so it always answers; a starting kiosk's busy event loop may take longer than a probe for a plugged key waits.
    const backend = createSocketBackend({ port: server.port, probeTimeoutMs: 3_000 });
    return { server, keys: new KeyService({ backend, catalog: AaguidCatalog.curated(), kioskMinPinLength }) };
  };
  let plugged = await plugIn(existsSync(file) ? loadOrFresh(file) : freshWithPin());
  const persist = () => {
    // Written whole, then renamed: a crash mid-write leaves the previous state.
    writeFileSync(`${file}.tmp`, JSON.stringify(plugged.server.authenticator.toJSON()), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  return {
    get keys() {
      return plugged.keys;
    },
    pin: TRAINING_FACILITATOR_PIN,
    persist,
    powerCycle: () => plugged.server.authenticator.powerCycle(),
    async replace() {
      const worn = plugged;
      plugged = await plugIn(freshWithPin());
      persist();
      await worn.server.close();
    },
    close: () => plugged.server.close(),
  };
}

/** A damaged file means a new practice key (it is enrolled again); training loses nothing real. */
function loadOrFresh(file: string): VirtualAuthenticator {
  try {
    return VirtualAuthenticator.fromJSON(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return freshWithPin();
  }
}

/**
 * A new practice key that comes with its PIN set, as a key handed out with a known PIN would.
 * Set through the kiosk, the PIN would be refused: the PIN policy for real keys lists 246810
 * among the common PINs, and rightly so; this one is printed on the banner anyway.
 */
function freshWithPin(): VirtualAuthenticator {
  const pinHash = createHash('sha256').update(TRAINING_FACILITATOR_PIN, 'utf8').digest().subarray(0, 16).toString('base64url');
  return VirtualAuthenticator.fromJSON({ ...new VirtualAuthenticator().toJSON(), pinHash });
}
