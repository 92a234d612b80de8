import { KioskError } from '../../../shared/contract/errors';
import { message, type Message } from '../../../shared/contract/messages';
import type { Clock } from '../ports/clock';
import type { SecretStore } from '../ports/secret-store';
import { backoffDelay } from '../sync/backoff';
import type { Db } from '../store/open-database';
import { ChangeFeed } from './change-feed';
import type { FleetConfig } from './fleet-config-schema';
import { connectionOptions, FleetDb } from './fleet-db';
import { migrateFleet } from './fleet-migrate';
import { FleetSink } from './fleet-sink';
import { fleetMigrations } from './migrations';

export interface FleetStatus {
  configured: boolean;
  kioskId: string | null;
  kioskName: string | null;
  site: string | null;
  connected: boolean;
  lastContactAt: Date | null;
  /** Changes recorded here and not yet in the fleet. */
  waiting: number;
  oldestWaitingAt: Date | null;
  problem: Message | null;
}

export interface FleetRuntimeOptions {
  config: FleetConfig | undefined;
  db: Db;
  secrets: SecretStore;
  clock: Clock;
  version: string;
  /** Sink timing for tests and benches. */
  sink?: { pollMs?: number; batchSize?: number; heartbeatMs?: number };
  onSent?: (changes: number) => void;
  onInternalError: (name: string, error: unknown) => void;
}

/**
 * The kiosk's place in a fleet: starts replicating at once (changes wait in SQLite), then
 * connects and migrates in the background, again and again with backoff while PostgreSQL is
 * away, so a kiosk that starts during a fleet outage enrols as usual. Without a `fleet`
 * section it is absent: `db()` stays null and nothing is noted.
 */
export class FleetRuntime {
  private fleetDb: FleetDb | null = null;
  private sink: FleetSink | null = null;
  private readonly feed: ChangeFeed;
  private problem: Message | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly ready: Promise<FleetDb | null>;
  private signalReady: (db: FleetDb | null) => void = () => undefined;

  constructor(private readonly options: FleetRuntimeOptions) {
    this.feed = new ChangeFeed(options.db);
    this.ready = new Promise((resolve) => (this.signalReady = resolve));
    if (!options.config) {
      this.feed.stopReplicating();
      this.signalReady(null);
      return;
    }
    this.feed.startReplicating(options.clock.now());
    void this.connect(options.config, 1);
  }

  get config(): FleetConfig | undefined {
    return this.options.config;
  }

  /** The fleet's connection once connected and migrated; null before, or without a fleet. */
  db(): FleetDb | null {
    return this.fleetDb;
  }

  /** Resolves once connected and migrated (null without a fleet, or when closed first). */
  whenReady(): Promise<FleetDb | null> {
    return this.ready;
  }

  /** A local write happened: send it now rather than at the next poll. */
  wake(): void {
    this.sink?.wake();
  }

  /** Sends every waiting change now; for tests and benches (the sink does this by itself). */
  async flush(): Promise<void> {
    while (this.sink && (await this.sink.sendOnce())) {
      /* until nothing waits */
    }
  }

  status(): FleetStatus {
    const config = this.options.config;
    const waiting = this.feed.waiting();
    const contact = this.fleetDb?.state;
    return {
      configured: Boolean(config),
      kioskId: config?.user ?? null,
      kioskName: config?.kioskName ?? null,
      site: config?.site ?? null,
      connected: contact?.connected ?? false,
      lastContactAt: contact?.lastContactAt ?? null,
      waiting: config ? waiting.count : 0,
      oldestWaitingAt: config && waiting.oldestNotedAt !== null ? new Date(waiting.oldestNotedAt) : null,
      problem: contact && !contact.connected && contact.lastProblem ? message('fleet.unreachable', { problem: contact.lastProblem }) : this.problem,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.sink?.stop();
    await this.fleetDb?.close();
    this.signalReady(null);
  }

  private async connect(config: FleetConfig, attempt: number): Promise<void> {
    try {
      const own = await connectionOptions(config, { user: config.user, passwordRef: config.passwordRef }, this.options.secrets);
      const migrator = config.migrator ? await connectionOptions(config, config.migrator, this.options.secrets) : own;
      await migrateFleet(migrator, fleetMigrations);
      if (this.closed) return;
      this.fleetDb = new FleetDb(own, this.options.clock, config.user);
      this.sink = new FleetSink({
        fleet: this.fleetDb,
        feed: this.feed,
        clock: this.options.clock,
        kiosk: { name: config.kioskName, site: config.site, version: this.options.version },
        ...this.options.sink,
        onSent: this.options.onSent,
        onInternalError: (error) => this.options.onInternalError('fleet.sink', error),
      });
      this.sink.start();
      this.problem = null;
      this.signalReady(this.fleetDb);
    } catch (error) {
      if (this.closed) return;
      this.problem = error instanceof KioskError ? error.says : message('fleet.unreachable', { problem: (error as Error).message });
      const delay = Math.max(1_000, backoffDelay({ baseMs: 2_000, capMs: 60_000 }, attempt, Math.random));
      this.retryTimer = setTimeout(() => void this.connect(config, attempt + 1), delay);
      this.retryTimer.unref();
    }
  }
}
