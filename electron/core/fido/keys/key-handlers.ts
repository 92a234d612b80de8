import type { PartialHandlers } from '../../contract/handler-table';
import type { EventBus } from '../../events/event-bus';
import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import { DeviceWatcher } from '../hid/device-watcher';
import type { HidBackend } from '../hid/hid-connection';
import { AaguidCatalog } from './aaguid-catalog';
import { createKeyBackend } from './key-backend';
import type { KeyEvent } from './key-event';
import type { KeyService } from './key-service';
import { ReportingKeyService } from './reporting-key-service';

/** What the keys capability takes from the kiosk configuration, and nothing more. */
export interface KeySettings {
  /** `hid` for real keys, `virtual` for the built-in training key (config keys.backend). */
  backend: HidBackend['kind'];
  /** The kiosk's own minimum PIN length (config security.minPinLength). */
  minPinLength: number;
  /** A FIDO MDS3 BLOB on disk for model names (config keys.mdsBlobPath). */
  mdsBlobPath?: string;
}

export interface KeyRuntimeDeps {
  settings: KeySettings;
  events: EventBus;
  onInternalError?: (name: string, error: unknown) => void;
  /** Keys plugged in and out, PIN and registration outcomes: for the log. */
  onKeyEvent?: (event: KeyEvent) => void;
  /** A HidBackend port that replaces the configured one (tests: a virtual key that outlives the kiosk process). */
  backend?: HidBackend;
}

export interface KeyRuntime {
  keys: KeyService;
  /** AAGUID → model name, the same table the key listings use. */
  catalog: AaguidCatalog;
  handlers: PartialHandlers<'keys.list' | 'keys.pinState' | 'keys.wink' | 'keys.cancel' | 'keys.freshTrainingKey'>;
  /** Starts the hotplug events (key.attached, key.detached), as keys.list does. */
  watch(): void;
  close(): Promise<void>;
}

/**
 * The keys capability for the composition root: the KeyService on the configured backend,
 * its contract handlers, and hotplug events. Watching starts with the first keys.list, i.e.
 * once a screen cares about keys.
 */
export function createKeyRuntime(deps: KeyRuntimeDeps): KeyRuntime {
  const { backend, close: closeBackend, freshTrainingKey } = deps.backend ? { backend: deps.backend, close: async () => undefined, freshTrainingKey: null } : createKeyBackend(deps.settings.backend);
  const onKeyEvent = deps.onKeyEvent ?? (() => undefined);
  const catalog = loadCatalog(deps);
  const keys = new ReportingKeyService(
    {
      backend,
      catalog,
      kioskMinPinLength: deps.settings.minPinLength,
      onProgress: (progress) => deps.events.publish('key.progress', progress),
    },
    onKeyEvent,
  );
  const training = backend.kind === 'virtual';
  const watcher = new DeviceWatcher(backend, {
    attached: (device) => {
      onKeyEvent({ event: 'attached', path: device.path, product: device.product, training });
      deps.events.publish('key.attached', { path: device.path, product: device.product, training });
    },
    detached: (device) => {
      onKeyEvent({ event: 'detached', path: device.path });
      deps.events.publish('key.detached', { path: device.path });
    },
    error: (error) => deps.onInternalError?.('keys.watch', error),
  });
  return {
    keys,
    catalog,
    handlers: {
      'keys.list': async () => {
        watcher.start();
        return { backend: backend.kind, keys: await keys.list() };
      },
      'keys.pinState': ({ path }) => keys.pinStatus(path),
      'keys.wink': async ({ path }) => {
        await keys.wink(path);
        return { ok: true as const };
      },
      'keys.cancel': ({ path }) => ({ cancelled: keys.cancel(path) }),
      'keys.freshTrainingKey': async () => {
        if (!freshTrainingKey) throw new KioskError('forbidden', message('key.freshOnlyTraining'));
        await freshTrainingKey();
        return { ok: true as const };
      },
    },
    watch: () => watcher.start(),
    async close() {
      await watcher.stop();
      await closeBackend();
    },
  };
}

/** A broken MDS file must not stop the kiosk: the built-in table still names common keys. */
function loadCatalog(deps: KeyRuntimeDeps): AaguidCatalog {
  const path = deps.settings.mdsBlobPath;
  if (!path) return AaguidCatalog.curated();
  try {
    return AaguidCatalog.withMdsBlob(path);
  } catch (error) {
    deps.onInternalError?.('keys.mds', error);
    return AaguidCatalog.curated();
  }
}
