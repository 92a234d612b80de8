import { app, type Session, type WebContents } from 'electron';
import { isTrustedOrigin } from './security/origin-check';

/**
 * Denies everything a kiosk page must never do: permission prompts (camera, HID, ...), device
 * pickers, navigation away from the app, new windows and webviews.
 */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
}

/**
 * `allowPopup` names the only URLs a page may open in a window of its own (the training
 * practice page); that window gets the same isolation and no preload.
 */
export function lockDownContents(trustedOrigins: readonly string[], allowPopup: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    const stayInApp = (event: { preventDefault(): void }, url: string) => {
      if (!isTrustedOrigin(url, trustedOrigins)) event.preventDefault();
    };
    contents.on('will-navigate', stayInApp);
    contents.on('will-redirect', stayInApp);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) =>
      allowPopup(url)
        ? {
            action: 'allow',
            overrideBrowserWindowOptions: {
              width: 520,
              height: 760,
              autoHideMenuBar: true,
              webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick', devTools: false },
            },
          }
        : { action: 'deny' },
    );
  });
}
