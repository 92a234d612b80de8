import type { KeyService, KeySummary } from '../fido/keys/key-service';

/** The keys of this service that answered their listing and are free to use now. */
export async function readyKeys(keys: KeyService): Promise<KeySummary[]> {
  return (await keys.list()).filter((key) => key.state === 'ready');
}
