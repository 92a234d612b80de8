import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import type { KeyService, KeySummary } from './key-service';

/** The listing of the key at `path`, or the error that says why it cannot be used now. */
export async function usableKey(keys: KeyService, path: string): Promise<KeySummary> {
  const summary = (await keys.list()).find((k) => k.path === path);
  if (!summary) throw new KioskError('key_not_found', message('key.notConnected'), { path });
  if (summary.state === 'busy') throw new KioskError('conflict', message('key.busy'));
  if (summary.state === 'noAccess') throw new KioskError('key_access_denied', summary.problem ?? message('key.mayNotUse'));
  if (summary.state === 'error') throw new KioskError('key_protocol', summary.problem ?? message('key.badAnswer'));
  return summary;
}
