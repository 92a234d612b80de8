import { accessSync, constants } from 'node:fs';
import { englishText, message, type Message } from '../../../../shared/contract/messages';

/**
 * The OS refused us the key. Kept apart from "no key found": the fix is on the machine
 * (udev rule, elevated process), not in the person's hand.
 */
export type HidAccessProblem = 'linuxUdev' | 'windowsElevation' | 'openFailed';

export class HidAccessError extends Error {
  override readonly name = 'HID_ACCESS_DENIED';
  constructor(
    readonly problem: HidAccessProblem,
    message: string,
  ) {
    super(message);
  }
}

export const UDEV_RULE_PATH = 'resources/linux/70-fido-kiosk.rules';

/** What to tell the person for each problem; the screen translates it. */
export function accessMessage(problem: HidAccessProblem): Message {
  if (problem === 'linuxUdev') return message('key.accessUdev', { path: UDEV_RULE_PATH });
  return message(problem === 'windowsElevation' ? 'key.accessWindows' : 'key.accessOpenFailed');
}

export const accessMessages: Record<HidAccessProblem, string> = {
  linuxUdev: englishText(accessMessage('linuxUdev')),
  windowsElevation: englishText(accessMessage('windowsElevation')),
  openFailed: englishText(accessMessage('openFailed')),
};

/** A key summary names its access problem in English; this finds the message it came from. */
export function accessMessageFor(problem: string | null): Message {
  const found = (Object.keys(accessMessages) as HidAccessProblem[]).find((key) => accessMessages[key] === problem);
  return found ? accessMessage(found) : message('key.mayNotUse');
}

/**
 * Maps a failed open to what the person can do. hidapi's message rarely names errno, so on
 * Linux we ask the file system whether the hidraw node is readable and writable for us.
 */
export function mapHidOpenError(error: unknown, path: string, platform: NodeJS.Platform, canAccess = hidrawAccessible): HidAccessError {
  const text = error instanceof Error ? error.message : String(error);
  if (platform === 'win32') return new HidAccessError('windowsElevation', accessMessages.windowsElevation);
  if (platform === 'linux' && (/EACCES|permission denied/i.test(text) || !canAccess(path))) {
    return new HidAccessError('linuxUdev', accessMessages.linuxUdev);
  }
  return new HidAccessError('openFailed', accessMessages.openFailed);
}

function hidrawAccessible(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EACCES';
  }
}
