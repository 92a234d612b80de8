import { CtapStatus } from '../ctap2/ctap2-constants';
import { KeepaliveStatus } from '../ctaphid/ctaphid-constants';
import { CtapStatusError } from './ctap-status-error';

/**
 * What the simulated person does when the key asks for a touch: touch at once, touch after a
 * while, refuse (the key's "deny" gesture), or never touch so the key gives up.
 */
export type UserPresenceScript = 'immediate' | { delayMs: number } | 'denied' | 'timeout';

/** Real keys send KEEPALIVE about every 100 ms while they wait (CTAP 2.1 section 11.2.9.1.5). */
export const KEEPALIVE_INTERVAL_MS = 100;

export interface UserPresenceContext {
  signal: AbortSignal;
  keepalive(status: number): void;
}

/**
 * Waits as the script says, sending UPNEEDED keepalives meanwhile. Resolves when the "person"
 * touched the key; rejects with the CTAP status a real key returns otherwise. A CANCEL (the
 * abort signal) ends the wait with CTAP2_ERR_KEEPALIVE_CANCEL.
 */
export function awaitUserPresence(
  script: UserPresenceScript,
  context: UserPresenceContext,
  timeoutMs: number,
): Promise<void> {
  if (script === 'immediate') return Promise.resolve();
  if (script === 'denied') return Promise.reject(new CtapStatusError(CtapStatus.CTAP2_ERR_OPERATION_DENIED));
  const waitMs = script === 'timeout' ? timeoutMs : Math.max(0, script.delayMs);
  return new Promise<void>((resolve, reject) => {
    if (context.signal.aborted) {
      reject(new CtapStatusError(CtapStatus.CTAP2_ERR_KEEPALIVE_CANCEL));
      return;
    }
    context.keepalive(KeepaliveStatus.UPNEEDED);
    const ticker = setInterval(() => context.keepalive(KeepaliveStatus.UPNEEDED), KEEPALIVE_INTERVAL_MS);
    const finish = (error?: CtapStatusError): void => {
      clearInterval(ticker);
      clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(script === 'timeout' ? new CtapStatusError(CtapStatus.CTAP2_ERR_USER_ACTION_TIMEOUT) : undefined),
      waitMs,
    );
    const onAbort = (): void => finish(new CtapStatusError(CtapStatus.CTAP2_ERR_KEEPALIVE_CANCEL));
    context.signal.addEventListener('abort', onAbort);
  });
}
