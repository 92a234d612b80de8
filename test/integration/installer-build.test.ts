import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';

/**
 * What `npm run dist` makes, built here as far as this machine allows without a network: the
 * Linux app directory (electron-builder --dir) from a local Electron dist. The installers
 * themselves are reported skipped, each with the reason.
 */
const root = join(import.meta.dirname, '..', '..');
const electronDist = join(root, 'node_modules', 'electron', 'dist');
const executable = 'enrollment-kiosk';
const outputDir = mkdtempSync(join(tmpdir(), 'kiosk-dist-'));
// @electron/fuses' FuseState (not exported): the wire holds ASCII '0' and '1'.
const fuse = { off: 48, on: 49 } as const;

function skipBecause(ctx: TestContext, reason: string): void {
  // test/run.mjs prints meta.skipReason in its summary.
  (ctx.task.meta as Record<string, unknown>).skipReason = `skipped: ${reason}`;
  ctx.skip(reason);
}

function dirBuildBlocker(): string | null {
  if (process.platform !== 'linux') return 'the app-directory check reads the Linux layout; it runs on Linux';
  if (!existsSync(join(electronDist, 'electron'))) return 'no local Electron dist (node_modules/electron/dist): its download failed or was skipped';
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) return 'out/ is not built; run `npm run build` first';
  return null;
}

afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

describe('npm run dist (electron-builder.yml)', () => {
  it('packs the Linux app directory with the local Electron: app.asar, native addons unpacked, the udev rule, the fuses burnt in', async (ctx: TestContext) => {
    const blocker = dirBuildBlocker();
    if (blocker) return skipBecause(ctx, blocker);
    execFileSync(
      join(root, 'node_modules', '.bin', 'electron-builder'),
      [
        '--dir',
        '--linux',
        '--config',
        'electron-builder.yml',
        '--publish',
        'never',
        `-c.electronDist=${electronDist}`,
        `-c.directories.output=${outputDir}`,
        // Rebuilding would switch the shared node_modules' better-sqlite3 to Electron's ABI
        // under every other test; the layout and the fuses do not depend on it.
        '-c.npmRebuild=false',
      ],
      { cwd: root, stdio: 'pipe', timeout: 600_000 },
    );
    const unpackedName = readdirSync(outputDir).find((name) => /^linux(-\w+)?-unpacked$/.test(name));
    expect(unpackedName, `electron-builder made no linux-unpacked folder in ${outputDir}`).toBeDefined();
    const app = join(outputDir, unpackedName!);
    const resources = join(app, 'resources');
    for (const path of [
      executable,
      'resources/app.asar',
      'resources/app.asar.unpacked/node_modules/better-sqlite3/package.json',
      'resources/app.asar.unpacked/node_modules/node-hid/package.json',
      'resources/linux/70-fido-kiosk.rules',
    ]) {
      expect(existsSync(join(app, path)), path).toBe(true);
    }
    const packed = listPackage(join(resources, 'app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
    expect(packed).toEqual(expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']));
    expect(packed.filter((entry) => entry.endsWith('.map'))).toEqual([]);

    const wire = await getCurrentFuseWire(join(app, executable));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspectArguments: wire[FuseV1Options.EnableNodeCliInspectArguments],
      onlyLoadAppFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
    }).toEqual({ runAsNode: fuse.off, nodeOptions: fuse.off, inspectArguments: fuse.off, onlyLoadAppFromAsar: fuse.on, asarIntegrity: fuse.on });
  });

  const notBuiltHere: readonly { target: string; reason: string }[] = [
    {
      target: 'Linux AppImage and deb (udev rule in /usr/lib/udev/rules.d, depends on libusb-1.0-0)',
      reason: 'not built in tests: electron-builder downloads fpm, appimagetool and the Electron zip from GitHub to build them; `npm run dist` on Linux',
    },
    { target: 'Windows NSIS installer (per machine, asks for elevation)', reason: 'built on Windows (NSIS and rcedit; on Linux only through wine): `npm run dist` on Windows' },
    { target: 'macOS dmg', reason: 'built on macOS only (hdiutil, code signing): `npm run dist` on a Mac' },
  ];
  for (const { target, reason } of notBuiltHere) {
    it(`builds the ${target}`, (ctx: TestContext) => skipBecause(ctx, reason));
  }
});
