import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from '../core/contract/dispatch';
import type { EventBus } from '../core/events/event-bus';
import { ipcChannels } from '../preload/ipc-channels';
import { handleKioskCall } from './kiosk-call';

/** The Electron transport: one invoke channel for calls, one push channel for events. */
export function bindIpc(core: { dispatch: Dispatch; events: EventBus }, trustedOrigins: readonly string[]): void {
  ipcMain.handle(ipcChannels.call, (event: IpcMainInvokeEvent, name: unknown, input: unknown) =>
    handleKioskCall(core.dispatch, trustedOrigins, event.senderFrame?.url, name, input),
  );
}

/** Forwards core events to the window while it exists; returns the unsubscribe. */
export function forwardEvents(events: EventBus, window: BrowserWindow): () => void {
  return events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(ipcChannels.event, event);
  });
}
