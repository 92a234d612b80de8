/** The browser bridge's built file name (a fixed-name entry of the renderer build). */
export const webBridgeScript = '/web-bridge.js';

/**
 * Puts the browser bridge in front of the app's own module script, so `window.kiosk` exists
 * before the app's first line runs (module scripts execute in document order).
 */
export function injectWebBridge(html: string): string {
  const tag = `<script type="module" src="${webBridgeScript}"></script>`;
  const appScript = html.search(/<script\b[^>]*type=["']?module["']?/i);
  if (appScript >= 0) return `${html.slice(0, appScript)}${tag}\n    ${html.slice(appScript)}`;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return `${html.slice(0, headEnd)}${tag}\n  ${html.slice(headEnd)}`;
  return `${tag}\n${html}`;
}
