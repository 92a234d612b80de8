import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/core/app/load-config';
import { OUTBOX_DEFAULTS } from '../../electron/core/sync/outbox-config-schema';
import type { KioskError } from '../../shared/contract/errors';

function problemOf(yaml: string): KioskError {
  try {
    parseConfig(yaml, 'yaml', 'kiosk.yaml');
  } catch (error) {
    return error as KioskError;
  }
  throw new Error('the config was accepted');
}

describe('outbox settings in the config file', () => {
  it('default to the worker defaults when the section is absent', () => {
    expect(parseConfig('locale: en\n', 'yaml', 'kiosk.yaml').outbox).toEqual({ concurrency: 4, backoffBaseMs: 2_000, backoffCapMs: 300_000, sendTimeoutMs: 30_000 });
    expect(parseConfig('{}', 'json', 'kiosk.json').outbox).toEqual(OUTBOX_DEFAULTS);
  });

  it('fill in the keys not given and keep the ones given', () => {
    expect(parseConfig('outbox:\n  concurrency: 2\n  sendTimeoutMs: 5000\n', 'yaml', 'kiosk.yaml').outbox).toEqual({ ...OUTBOX_DEFAULTS, concurrency: 2, sendTimeoutMs: 5_000 });
  });

  it.each([
    ['outbox:\n  concurrency: 0\n', 'outbox.concurrency'],
    ['outbox:\n  concurrency: 2.5\n', 'outbox.concurrency'],
    ['outbox:\n  concurrency: 500\n', 'outbox.concurrency'],
    ['outbox:\n  backoffBaseMs: 0\n', 'outbox.backoffBaseMs'],
    ['outbox:\n  backoffBaseMs: "2s"\n', 'outbox.backoffBaseMs'],
    ['outbox:\n  backoffCapMs: 100000000\n', 'outbox.backoffCapMs'],
    ['outbox:\n  sendTimeoutMs: 10\n', 'outbox.sendTimeoutMs'],
  ])('refuse %j with a message naming %s', (yaml, key) => {
    const error = problemOf(yaml);
    expect(error.code).toBe('config_invalid');
    expect(error.message).toContain(`${key}:`);
    expect(error.message).toContain('kiosk.yaml');
  });

  it('refuse a cap below the base, naming the cap', () => {
    const error = problemOf('outbox:\n  backoffBaseMs: 60000\n  backoffCapMs: 10000\n');
    expect(error.message).toMatch(/outbox\.backoffCapMs: must be at least outbox\.backoffBaseMs/);
  });

  it('refuse an unknown key in the section, naming it', () => {
    const error = problemOf('outbox:\n  concurency: 2\n');
    expect(error.message).toMatch(/outbox: .*concurency/);
  });
});
