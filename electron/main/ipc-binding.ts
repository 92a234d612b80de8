import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ResponseEnvelope } from '../../shared/contract/envelope';
import { KioskError } from '../../shared/contract/errors';
import type { Dispatch } from '../core/contract/dispatch';
import type { EventBus } from '../core/events/event-bus';
import { ipcChannels } from '../preload/ipc-channels';
import { isTrustedOrigin } from './security/origin-check';

/**
 * The Electron transport: one invoke channel for calls, one push channel for events. The
 * sender is checked by the parsed origin of the frame that sent the message; the input is
 * parsed by the dispatcher with the contract's schema.
 */
export function bindIpc(core: { dispatch: Dispatch; events: EventBus }, trustedOrigins: readonly string[]): void {
  ipcMain.handle(ipcChannels.call, async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<ResponseEnvelope> => {
    if (!isTrustedOrigin(event.senderFrame?.url, trustedOrigins)) {
      return { ok: false, error: new KioskError('forbidden', 'This page may not talk to the kiosk.').toBody() };
    }
    if (typeof name !== 'string') {
      return { ok: false, error: new KioskError('invalid_input', 'The call name must be text.').toBody() };
    }
    return core.dispatch(name, input, { transport: 'ipc' });
  });
}

/** Forwards core events to the window while it exists; returns the unsubscribe. */
export function forwardEvents(events: EventBus, window: BrowserWindow): () => void {
  return events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(ipcChannels.event, event);
  });
}
