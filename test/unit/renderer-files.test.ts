import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRendererFile } from '../../electron/host/renderer-files';
import { injectWebBridge } from '../../electron/web/web-bridge-script';

describe('web bridge injection into index.html', () => {
  it('puts the bridge script right before the first module script', () => {
    const html = '<html><head><link rel="stylesheet" href="/a.css"><script type="module" crossorigin src="/assets/index.js"></script></head></html>';
    const out = injectWebBridge(html);
    expect(out.indexOf('src="/web-bridge.js"')).toBeLessThan(out.indexOf('src="/assets/index.js"'));
    expect(out.indexOf('href="/a.css"')).toBeLessThan(out.indexOf('src="/web-bridge.js"'));
  });

  it('falls back to the end of <head> when the page has no module script', () => {
    const out = injectWebBridge('<html><head><title>x</title></head><body></body></html>');
    expect(out).toMatch(/<script type="module" src="\/web-bridge.js"><\/script>\s*<\/head>/);
  });
});

describe('reading the built renderer', () => {
  let root: string;
  let rendererDir: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kiosk-renderer-files-'));
    rendererDir = join(root, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<head><script type="module" src="/assets/app.js"></script></head>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
    writeFileSync(join(root, 'secret.txt'), 'secret');
    symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves assets with their content type, and index.html as it was built, marked as the app page', async () => {
    const js = await readRendererFile(rendererDir, '/assets/app.js');
    expect(js).toMatchObject({ contentType: 'text/javascript; charset=utf-8', index: false });
    for (const path of ['/', '/index.html']) {
      const page = await readRendererFile(rendererDir, path);
      expect(page?.index, path).toBe(true);
      expect(page?.body.toString(), path).toBe('<head><script type="module" src="/assets/app.js"></script></head>');
    }
  });

  it('answers client-side routes (no extension) with index.html, missing files with nothing', async () => {
    expect((await readRendererFile(rendererDir, '/session/board'))?.contentType).toBe('text/html; charset=utf-8');
    expect(await readRendererFile(rendererDir, '/assets/missing.js')).toBeNull();
  });

  it('never leaves the renderer directory, however the path is spelled', async () => {
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/%00.js', '/%E0%A4%A']) {
      const file = await readRendererFile(rendererDir, path);
      expect(file?.body.toString() ?? '', path).not.toBe('secret');
    }
  });

  it('does not follow a symlink that points out of the renderer directory', async () => {
    expect(await readRendererFile(rendererDir, '/assets/link.txt')).toBeNull();
  });
});
