import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs launcher module without type declarations
import { findElectronBinary } from '../../electron/launch/electron-binary.mjs';

const root = join(import.meta.dirname, '..', '..');
const built = existsSync(join(root, 'out', 'main', 'web-host.js'));
const electronPresent = (findElectronBinary(root) as { ok: boolean }).ok;

describe('npm start without an Electron binary', () => {
  it.skipIf(!built || electronPresent)(
    `says why and starts the browser host on 127.0.0.1, printing its URL${!built ? ' (skipped: run `npm run build` first)' : ''}${electronPresent ? ' (skipped: the Electron binary is installed here)' : ''}`,
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-launch-'));
      const child = spawn(process.execPath, [join(root, 'electron', 'launch', 'start.mjs'), '--no-build', '--', '--port', '0', '--data-dir', dataDir], {
        cwd: root,
        env: { ...process.env, KIOSK_CONFIG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no URL within 30 s:\n${stdout}`)), 30_000);
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString('utf8');
            const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(stdout);
            if (match) {
              clearTimeout(timer);
              resolve(match[0]);
            }
          });
          child.once('exit', (code) => reject(new Error(`launcher exited (${code}):\n${stdout}`)));
        });
        expect(stdout).toMatch(/Electron binary is (not installed|missing)/);
        expect(stdout).toContain('Starting the browser host instead.');
        expect(stdout).toContain('training mode');
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('/web-bridge.js');
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
