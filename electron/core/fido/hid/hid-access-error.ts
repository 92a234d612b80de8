import { accessSync, constants } from 'node:fs';
import { englishText, message, type Message } from '../../../../shared/contract/messages';

/**
 * The OS refused us the key. Kept apart from "no key found": the fix is on the machine
 * (udev rule, elevated process), not in the person's hand.
 */
export type HidAccessProblem = 'linuxUdev' | 'windowsElevation' | 'openFailed';

export class HidAccessError extends Error {
  override readonly name = 'HID_ACCESS_DENIED';
  constructor(readonly problem: HidAccessProblem) {
    super(englishText(accessMessage(problem)));
  }
}

export const UDEV_RULE_PATH = 'resources/linux/70-fido-kiosk.rules';

/** What to tell the person for each problem; the screen translates it. */
export function accessMessage(problem: HidAccessProblem): Message {
  if (problem === 'linuxUdev') return message('key.accessUdev', { path: UDEV_RULE_PATH });
  return message(problem === 'windowsElevation' ? 'key.accessWindows' : 'key.accessOpenFailed');
}

/**
 * Maps a failed open to what the person can do. hidapi's message rarely names errno, so on
 * Linux we ask the file system whether the hidraw node is readable and writable for us.
 */
export function mapHidOpenError(error: unknown, path: string, platform: NodeJS.Platform, canAccess = hidrawAccessible): HidAccessError {
  const text = error instanceof Error ? error.message : String(error);
  if (platform === 'win32') return new HidAccessError('windowsElevation');
  if (platform === 'linux' && (/EACCES|permission denied/i.test(text) || !canAccess(path))) {
    return new HidAccessError('linuxUdev');
  }
  return new HidAccessError('openFailed');
}

function hidrawAccessible(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EACCES';
  }
}
