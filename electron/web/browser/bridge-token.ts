const storageKey = 'kiosk.bridge.token';

/**
 * The per-start token arrives once in the address (`?token=`). It is kept in sessionStorage
 * (this tab only, gone when it closes) and removed from the address bar so it does not end
 * up in history, bookmarks or screenshots.
 */
export function takeBridgeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    window.sessionStorage.setItem(storageKey, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  return window.sessionStorage.getItem(storageKey);
}
