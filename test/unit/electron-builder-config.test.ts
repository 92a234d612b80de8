import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const schemaPath = join(root, 'node_modules', 'app-builder-lib', 'scheme.json');

type BuilderConfig = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[]; requestedExecutionLevel?: string };
  mac: { target: string[] };
  nsis: Record<string, unknown>;
  deb: { fpm: string[]; depends: string[] };
};

let validate: ValidateFunction;
let config: BuilderConfig;

beforeAll(() => {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  // scheme.json is draft-07 (Ajv 8's default dialect); strict off because it carries
  // documentation keywords Ajv does not know.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
  config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
});

describe("electron-builder.yml against electron-builder's own JSON schema", () => {
  it('is valid against app-builder-lib/scheme.json (draft-07)', () => {
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a config with an unknown key, a wrong type and an unknown fuse (the schema really checks)', () => {
    expect(validate({ ...config, notAnOption: true })).toBe(false);
    expect(validate({ ...config, appId: 42 })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodeTypo: false } })).toBe(false);
    expect(validate({ ...config, win: { ...config.win, requestedExecutionLevel: 'root' } })).toBe(false);
  });

  it('names the app and builds AppImage + deb, nsis and dmg', () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Enrollment Kiosk');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
  });

  it('turns off the fuses a release kiosk must not have and loads the app only from a checked asar (DESIGN.md section 7)', () => {
    const fuses = {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    };
    expect(config.electronFuses).toMatchObject(fuses);
    // The schema types each of these fuses as a boolean, so it really checks their values too.
    for (const [name, value] of Object.entries(fuses)) {
      expect(validate({ ...config, electronFuses: { ...config.electronFuses, [name]: String(value) } }), name).toBe(false);
    }
  });

  it('installs per machine on Windows and runs elevated there (raw FIDO HID access needs it)', () => {
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
    expect(config.win).toMatchObject({ requestedExecutionLevel: 'requireAdministrator' });
  });

  it('makes the deb depend on libusb and install the FIDO udev rule where udev reads packaged rules', () => {
    expect(config.deb.depends).toContain('libusb-1.0-0');
    expect(config.deb.fpm).toContain('resources/linux/70-fido-kiosk.rules=/usr/lib/udev/rules.d/70-fido-kiosk.rules');
  });

  it('unpacks the native addons from the asar and ships the files the app reads at run time', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/node-hid/**']));
    expect(config.files).toContain('out/**');
    for (const resource of ['resources/icon.png', 'resources/linux/70-fido-kiosk.rules', 'resources/training/roster.csv']) {
      expect(existsSync(join(root, resource)), resource).toBe(true);
    }
  });
});
