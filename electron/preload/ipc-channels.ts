/** The two IPC channels between the preload and the main process; nothing else is exposed. */
export const ipcChannels = {
  call: 'kiosk:call',
  event: 'kiosk:event',
} as const;
