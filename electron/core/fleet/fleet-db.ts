import { readFileSync } from 'node:fs';
import pg from 'pg';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';
import type { Clock } from '../ports/clock';
import type { SecretStore } from '../ports/secret-store';
import type { FleetConfig } from './fleet-config-schema';

export interface FleetCredentials {
  user: string;
  passwordRef: string;
}

/** What the kiosk knows of its line to the fleet, for the status screen. */
export interface FleetContact {
  connected: boolean;
  lastContactAt: Date | null;
  /** Why the last attempt failed, in the driver's words (no password can be in them). */
  lastProblem: string | null;
}

/** The pg options for a role: TLS verify-full against the configured CA, or none in training. */
export async function connectionOptions(config: FleetConfig, credentials: FleetCredentials, secrets: SecretStore): Promise<pg.PoolConfig> {
  const password = await secrets.get(credentials.passwordRef);
  if (password === null) throw new KioskError('config_invalid', message('fleet.passwordMissing', { ref: credentials.passwordRef, user: credentials.user }));
  let ssl: pg.PoolConfig['ssl'] = false;
  if (config.tls !== false) {
    let ca: string;
    try {
      ca = readFileSync(config.tls.caFile, 'utf8');
    } catch (error) {
      throw new KioskError('config_invalid', message('fleet.caFileUnreadable', { path: config.tls.caFile, problem: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
    }
    // verify-full: node checks the chain against this CA only and the name against `host`.
    ssl = { ca, rejectUnauthorized: true, servername: config.host };
  }
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: credentials.user,
    password,
    ssl,
    connectionTimeoutMillis: config.timeoutMs,
    statement_timeout: config.timeoutMs,
    query_timeout: config.timeoutMs + 1_000,
    application_name: `enrollment-kiosk ${config.kioskName}`.slice(0, 63),
    max: 4,
    idleTimeoutMillis: 30_000,
  };
}

/**
 * The kiosk's pool of connections to the fleet, as its own role. Every query goes through
 * here, so the status screen's "connected" and "last contact" are what the last query found.
 */
export class FleetDb {
  private readonly pool: pg.Pool;
  private contact: FleetContact = { connected: false, lastContactAt: null, lastProblem: null };

  constructor(
    options: pg.PoolConfig,
    private readonly clock: Clock,
    /** The kiosk's id in the fleet: its database role. */
    readonly kioskId: string,
  ) {
    this.pool = new pg.Pool(options);
    // An idle connection that the server drops (a restart) must not crash the kiosk.
    this.pool.on('error', (error) => this.failed(error));
  }

  get state(): FleetContact {
    return { ...this.contact };
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      const result = await this.pool.query<R>(text, values);
      this.reached();
      return result;
    } catch (error) {
      this.failed(error);
      throw error;
    }
  }

  /** Runs `work` in one transaction; rolled back when it throws. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.failed(error);
      throw error;
    }
    let broken = false;
    // A checked-out client has no listener of the pool's: a server that goes away between two
    // statements would otherwise be an uncaught 'error' that ends the kiosk's process.
    const lost = (error: Error) => {
      broken = true;
      this.failed(error);
    };
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      this.reached();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      if (isConnectionProblem(error)) {
        broken = true;
        this.failed(error);
      } else this.reached();
      throw error;
    } finally {
      client.removeListener('error', lost);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private reached(): void {
    this.contact = { connected: true, lastContactAt: this.clock.now(), lastProblem: null };
  }

  private failed(error: unknown): void {
    if (!isConnectionProblem(error)) return;
    this.contact = { ...this.contact, connected: false, lastProblem: (error as Error).message };
  }
}

/** Errors that mean the fleet was not reached, as opposed to a statement PostgreSQL refused. */
export function isConnectionProblem(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  // 57P01..03: the server shut down or is starting; 08xxx: connection exceptions; 53300: too many connections.
  if (typeof code === 'string' && (code.startsWith('08') || code.startsWith('57P') || code === '53300')) return true;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true;
  return /timeout|terminat|Connection|ECONN|socket|closed/i.test(error.message);
}
