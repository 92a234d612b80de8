import type { HidBackend, HidDeviceDescriptor } from './hid-connection';

export interface DeviceWatcherEvents {
  attached(device: HidDeviceDescriptor): void;
  detached(device: HidDeviceDescriptor): void;
  /** Listing failed (e.g. the backend went away); polling goes on. */
  error(error: unknown): void;
}

/**
 * Hotplug by polling (about twice a second): node-hid has no portable attach/detach events.
 * The first poll reports every present device as attached.
 */
export class DeviceWatcher {
  private timer: NodeJS.Timeout | null = null;
  private known = new Map<string, HidDeviceDescriptor>();
  private polling: Promise<void> | null = null;

  constructor(
    private readonly backend: HidBackend,
    private readonly listener: DeviceWatcherEvents,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  present(): HidDeviceDescriptor[] {
    return [...this.known.values()];
  }

  /** One diff of the device list; overlapping polls are skipped. */
  poll(): Promise<void> {
    this.polling ??= this.diff().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async diff(): Promise<void> {
    let devices: HidDeviceDescriptor[];
    try {
      devices = await this.backend.list();
    } catch (error) {
      this.listener.error(error);
      return;
    }
    const next = new Map(devices.map((d) => [d.path, d]));
    for (const [path, device] of this.known) if (!next.has(path)) this.listener.detached(device);
    for (const [path, device] of next) if (!this.known.has(path)) this.listener.attached(device);
    this.known = next;
  }
}
