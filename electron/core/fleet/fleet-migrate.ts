import pg from 'pg';
import { KioskError } from '../../../shared/contract/errors';
import { message } from '../../../shared/contract/messages';

export interface FleetMigration {
  /** 1, 2, 3, ... in order; recorded in fleet.schema_migrations. */
  version: number;
  name: string;
  sql: string;
}

/** One number for "the fleet's migrations": kiosks starting together queue on it and migrate once. */
const MIGRATION_LOCK = 0x4b696f736b; // "Kiosk"

export interface MigrationOutcome {
  applied: number[];
  version: number;
}

/**
 * Applies the fleet's pending migrations, each in its own transaction with its row in
 * schema_migrations, while holding an advisory lock: a second kiosk waits, then finds nothing
 * left to do. A role that may not create in the schema gets a clear error naming the version
 * the fleet is at and the one this kiosk needs.
 */
export async function migrateFleet(options: pg.ClientConfig, list: readonly FleetMigration[]): Promise<MigrationOutcome> {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Fleet migration ${m.name} has version ${m.version}, expected ${i + 1}.`);
  });
  const client = new pg.Client(options);
  // A server that goes away between statements must fail the migration, not the kiosk: the
  // statement in flight rejects, and the runtime tries again later.
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const current = await currentVersion(client, String(options.user));
    const applied: number[] = [];
    for (const migration of list.slice(current)) {
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO fleet.schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if ((error as { code?: string }).code === '42501') {
          throw new KioskError('unavailable', message('fleet.schemaBehind', { found: current, needed: list.length, user: String(options.user) }));
        }
        throw error;
      }
      applied.push(migration.version);
    }
    return { applied, version: Math.max(current, list.length) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function currentVersion(client: pg.Client, user: string): Promise<number> {
  const exists = await client.query<{ present: boolean }>("SELECT to_regclass('fleet.schema_migrations') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) {
    try {
      await client.query('CREATE SCHEMA IF NOT EXISTS fleet');
      await client.query('CREATE TABLE fleet.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
      await client.query('GRANT USAGE ON SCHEMA fleet TO fleet_kiosk; GRANT SELECT ON fleet.schema_migrations TO fleet_kiosk');
    } catch (error) {
      if ((error as { code?: string }).code === '42501') throw new KioskError('unavailable', message('fleet.schemaBehind', { found: 0, needed: 1, user }));
      throw error;
    }
    return 0;
  }
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM fleet.schema_migrations');
  return result.rows[0]?.version ?? 0;
}
