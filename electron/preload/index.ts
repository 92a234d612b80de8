import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventEnvelope, KioskBridge, ResponseEnvelope } from '../../shared/contract/envelope';
import { ipcChannels } from './ipc-channels';

/**
 * `window.kiosk` in the Electron shell: the same KioskBridge the web host's bridge script
 * defines. Only these two functions cross the context bridge; ipcRenderer itself never does.
 */
const bridge: KioskBridge = {
  call(name: string, input: unknown): Promise<ResponseEnvelope> {
    return ipcRenderer.invoke(ipcChannels.call, name, input) as Promise<ResponseEnvelope>;
  },
  subscribe(listener: (event: EventEnvelope) => void): () => void {
    const forward = (_event: IpcRendererEvent, envelope: EventEnvelope) => listener(envelope);
    ipcRenderer.on(ipcChannels.event, forward);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('kiosk', bridge);
