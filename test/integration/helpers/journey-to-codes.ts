import type { CallOutput } from '../../../shared/contract/calls';
import { enrollWithPhone } from './journey-phone';
import type { sessionCore } from './session-core';
import { until } from './until';

type Harness = ReturnType<typeof sessionCore>;

/**
 * A confirmed training attendee through steps 2 and 3, as the screens drive them: the phone
 * registers its passkey from the QR link, the kiosk sees it appear, then the backup key gets
 * `pin` and its credential. Answers the journey as the codes step begins.
 */
export async function throughTheBackupKey(h: Harness, who: { sessionId: string; attendeeId: string }, pin: string, onLink?: (url: string) => void): Promise<CallOutput<'journey.key.register'>> {
  const offer = (await h.call('journey.passkey.start', who)).passkey.offer;
  if (!offer) throw new Error('the passkey step showed no link');
  onLink?.(offer.url);
  const { verify } = await enrollWithPhone(offer.url);
  if (verify.status !== 200) throw new Error(`the phone's passkey was refused: ${verify.status} ${await verify.text()}`);
  await until('the passkey step', async () => (await h.call('journey.get', who)).place === 'backupKey');
  const [key] = (await h.call('keys.list', {})).keys;
  if (!key) throw new Error('no backup key is plugged in');
  await h.call('journey.key.setPin', { ...who, path: key.path, pin });
  return h.call('journey.key.register', { ...who, path: key.path, pin });
}
