import { describe, expect, it } from 'vitest';
import { appEntryUrl, appOrigin } from '../../electron/main/security/app-scheme';
import { isTrustedOrigin, originOf } from '../../electron/main/security/origin-check';

describe('IPC sender origin check (parsed, never string prefix)', () => {
  const trusted = [appOrigin];

  it('accepts frames served by the app:// scheme', () => {
    expect(isTrustedOrigin(appEntryUrl, trusted)).toBe(true);
    expect(isTrustedOrigin('app://kiosk/some/route?x=1#y', trusted)).toBe(true);
  });

  it('gives app:// URLs a real origin although WHATWG calls it opaque', () => {
    expect(new URL('app://kiosk/index.html').origin).toBe('null');
    expect(originOf('app://kiosk/index.html')).toBe('app://kiosk');
  });

  it('refuses look-alike hosts, other schemes, user-info tricks and garbage', () => {
    for (const url of [
      'app://kiosk.evil/index.html',
      'app://evil/index.html',
      'app://kioskx/',
      'https://kiosk/index.html',
      'file:///work/main/out/renderer/index.html',
      'http://app://kiosk',
      'app://user@evil/kiosk',
      'about:blank',
      'data:text/html,<script>1</script>',
      '',
      'not a url',
    ]) {
      expect(isTrustedOrigin(url, trusted), url).toBe(false);
    }
    expect(isTrustedOrigin(undefined, trusted)).toBe(false);
    expect(isTrustedOrigin(null, trusted)).toBe(false);
  });

  it('trusts a dev server origin only when it is listed, port included', () => {
    const dev = ['app://kiosk', 'http://localhost:5173'];
    expect(isTrustedOrigin('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedOrigin('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isTrustedOrigin('http://localhost:5173/index.html', trusted)).toBe(false);
  });
});
