/**
 * The renderer is served from app://kiosk/ (a standard, secure custom scheme) instead of
 * file://, so it has a real origin the IPC binding can check and CSP 'self' means only the app.
 */
export const appScheme = 'app';
export const appHost = 'kiosk';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;
