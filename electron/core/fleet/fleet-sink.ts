import type { Clock } from '../ports/clock';
import { backoffDelay, type BackoffPolicy } from '../sync/backoff';
import type { ChangeFeed } from './change-feed';
import { isConnectionProblem, type FleetDb } from './fleet-db';
import { upsertRows } from './fleet-upsert';

export interface FleetSinkOptions {
  fleet: FleetDb;
  feed: ChangeFeed;
  clock: Clock;
  kiosk: { name: string; site: string; version: string };
  /** Notes per PostgreSQL transaction. */
  batchSize?: number;
  /** How often an idle sink looks for new notes. */
  pollMs?: number;
  /** With nothing to send, the kiosk still says it is alive this often. */
  heartbeatMs?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** A batch reached the fleet: for the log. */
  onSent?: (changes: number) => void;
  onInternalError?: (error: unknown) => void;
}

/**
 * The fleet's sink: sends fleet_changes to PostgreSQL in batches, each one transaction, and
 * acknowledges a batch only after PostgreSQL committed it. A crash between the two sends the
 * batch again, which the fleet's keys make harmless: no row lost, none doubled. While the fleet
 * is unreachable the notes wait; retries back off with jitter like the IdP's outbox.
 */
export class FleetSink {
  private running = false;
  private loop: Promise<void> | null = null;
  private sleeping: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  private failures = 0;
  private lastHeartbeat = 0;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly heartbeatMs: number;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: FleetSinkOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 100;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.backoff = options.backoff ?? { baseMs: 1_000, capMs: 60_000 };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Something was written: look now instead of at the next poll. */
  wake(): void {
    this.sleeping?.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Sends one batch; false when nothing was waiting. Throws what PostgreSQL threw. */
  async sendOnce(): Promise<boolean> {
    const batch = this.options.feed.next(this.batchSize, this.options.kiosk.site);
    const now = this.options.clock.now().getTime();
    if (!batch && now - this.lastHeartbeat < this.heartbeatMs) return false;
    await this.options.fleet.transaction(async (client) => {
      await client.query(
        `INSERT INTO fleet.kiosks (kiosk_id, name, site, version) VALUES (current_user, $1, $2, $3)
         ON CONFLICT (kiosk_id) DO UPDATE SET name = EXCLUDED.name, site = EXCLUDED.site, version = EXCLUDED.version, last_contact_at = now()`,
        [this.options.kiosk.name, this.options.kiosk.site, this.options.kiosk.version],
      );
      for (const table of batch?.tables ?? []) await upsertRows(client, this.options.fleet.kioskId, table);
    });
    this.lastHeartbeat = now;
    if (!batch) return false;
    this.options.feed.acknowledge(batch.upToSeq);
    this.options.onSent?.(batch.changes);
    return true;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.pollMs;
      try {
        if (await this.sendOnce()) delay = 0;
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        delay = Math.max(250, backoffDelay(this.backoff, this.failures, this.options.random ?? Math.random));
        // The fleet being away is the sink's ordinary weather, not a bug to report.
        if (!isConnectionProblem(error)) this.options.onInternalError?.(error);
      }
      if (delay > 0 && this.running) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeping = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping = { timer, wake };
    });
  }
}
