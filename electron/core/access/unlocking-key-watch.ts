import type { KeyService } from '../fido/keys/key-service';

/** How often a pulled key is looked for while `lockOnKeyRemoval` is on. */
const KEY_WATCH_MS = 1_500;

/**
 * Looks for the key that unlocked the kiosk until it is gone (or its listing fails), then calls
 * `gone` once. `stillUnlocked` ends the watch quietly once the kiosk locked for another reason.
 * Returns the stop.
 */
export function watchUnlockingKey(keys: KeyService, path: string, stillUnlocked: () => boolean, gone: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  const look = () => {
    keys.list().then(
      (present) => {
        if (!stillUnlocked()) return;
        if (present.some((key) => key.path === path)) timer = setTimeout(look, KEY_WATCH_MS).unref();
        else gone();
      },
      () => gone(),
    );
  };
  timer = setTimeout(look, KEY_WATCH_MS).unref();
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
