import { z } from 'zod';
import { tallyEnvelopeCounts, type EnvelopeCounts } from '../store/envelope-counts';
import { envelopeStateSchema, type Envelope, type EnvelopeHistoryEntry, type EnvelopeOwner, type EnvelopeState } from '../../../shared/domain/custody';

/** A connection to the fleet or a client inside one of its transactions. */
export interface FleetQueries {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** An envelope in the fleet: the kiosk that sealed it, with its id in that kiosk's file. */
export interface EnvelopeRef {
  kioskId: string;
  localId: string;
}

/** One move the fleet decided: version n of an envelope, made at `kioskName` by `actor`. */
export interface FleetMove {
  version: number;
  kioskId: string;
  kioskName: string;
  from: EnvelopeState;
  to: EnvelopeState;
  actor: string;
  note: string | null;
  at: string;
}

export interface FleetEnvelope {
  ref: EnvelopeRef;
  kioskName: string;
  /** The envelope with its state as the fleet decides it (ids are the sealing kiosk's). */
  envelope: Envelope;
  owner: EnvelopeOwner;
  session: { id: string; department: string; facilitator: string; startedAt: string };
  version: number;
}

export interface FleetEnvelopeFilter {
  state?: EnvelopeState;
  labelMissing?: boolean;
  sessionId?: string;
}

/** The newest this many envelopes of the whole fleet are listed; the counts cover all of them. */
export const FLEET_LIST_MAX = 1000;

// Rows are written by other kiosks, so they are read as any input from outside: checked.
const isoTime = z.union([z.date(), z.string()]).transform((value) => new Date(value).toISOString());

const moveRow = z
  .object({
    version: z.number().int(),
    kiosk_id: z.string(),
    kiosk_name: z.string(),
    from_state: envelopeStateSchema,
    to_state: envelopeStateSchema,
    actor: z.string(),
    note: z.string().nullable(),
    at: isoTime,
  })
  .transform((r): FleetMove => ({ version: r.version, kioskId: r.kiosk_id, kioskName: r.kiosk_name, from: r.from_state, to: r.to_state, actor: r.actor, note: r.note, at: r.at }));

const envelopeRow = z
  .object({
    kiosk_id: z.string(),
    kiosk_name: z.string().nullable(),
    local_id: z.string(),
    code: z.string(),
    seal_number: z.string(),
    session_local_id: z.string(),
    attendee_local_id: z.string(),
    key_model: z.string().nullable(),
    fingerprint: z.string(),
    custody_state: envelopeStateSchema,
    version: z.number().int().min(0),
    created_at: isoTime,
    updated_at: isoTime,
    label_prints: z.number().int().min(1),
    label_printed_at: isoTime.nullable(),
    given_name: z.string(),
    family_name: z.string(),
    department: z.string(),
    badge_id: z.string(),
    session_department: z.string(),
    session_facilitator: z.string(),
    session_started_at: isoTime,
    last_move_at: isoTime.nullable(),
  })
  .transform(
    (r): FleetEnvelope => ({
      ref: { kioskId: r.kiosk_id, localId: r.local_id },
      kioskName: r.kiosk_name ?? r.kiosk_id,
      envelope: {
        id: r.local_id,
        code: r.code,
        sealNumber: r.seal_number,
        sessionId: r.session_local_id,
        attendeeId: r.attendee_local_id,
        keyModel: r.key_model,
        fingerprint: r.fingerprint,
        state: r.custody_state,
        createdAt: r.created_at,
        // A move at another kiosk changes the envelope too, though its own row does not know yet.
        updatedAt: r.last_move_at && r.last_move_at > r.updated_at ? r.last_move_at : r.updated_at,
        labelPrints: r.label_prints,
        labelPrintedAt: r.label_printed_at,
      },
      owner: { givenName: r.given_name, familyName: r.family_name, department: r.department, badgeId: r.badge_id },
      session: { id: r.session_local_id, department: r.session_department, facilitator: r.session_facilitator, startedAt: r.session_started_at },
      version: r.version,
    }),
  );

const eventRow = z
  .object({ action: z.enum(['seal', 'print', 'move', 'reprint']), from_state: envelopeStateSchema.nullable(), to_state: envelopeStateSchema, actor: z.string(), at: isoTime, note: z.string().nullable() })
  .transform((r): EnvelopeHistoryEntry => ({ action: r.action, from: r.from_state, to: r.to_state, actor: r.actor, at: r.at, note: r.note }));

/** An envelope with its owner, session and sealing kiosk; only once its parents reached the fleet too. */
const ENVELOPES = `
  SELECT e.kiosk_id, k.name AS kiosk_name, e.local_id, e.code, e.seal_number, e.session_local_id, e.attendee_local_id, e.key_model,
         e.fingerprint, e.custody_state, e.version, e.created_at, e.updated_at, e.label_prints, e.label_printed_at,
         a.given_name, a.family_name, a.department, a.badge_id,
         s.department AS session_department, s.facilitator AS session_facilitator, s.started_at AS session_started_at,
         (SELECT max(m.at) FROM fleet.custody_moves m WHERE m.envelope_kiosk_id = e.kiosk_id AND m.envelope_local_id = e.local_id) AS last_move_at
  FROM fleet.envelope_custody e
  JOIN fleet.attendees a ON a.kiosk_id = e.kiosk_id AND a.local_id = e.attendee_local_id
  JOIN fleet.sessions s ON s.kiosk_id = e.kiosk_id AND s.local_id = e.session_local_id
  LEFT JOIN fleet.kiosks k ON k.kiosk_id = e.kiosk_id`;

/** The filter as SQL on the view's columns, from $1 ($1 state, $2 label missing, $3 session). */
const FILTERED = `
  WHERE ($1::text IS NULL OR e.custody_state = $1)
    AND ($2::boolean IS NULL OR (e.label_printed_at IS NULL AND e.custody_state <> 'destroyed') = $2)
    AND ($3::text IS NULL OR e.session_local_id = $3)`;

const MOVE_COLUMNS = 'version, kiosk_id, kiosk_name, from_state, to_state, actor, note, at';

/** By the label's code (unique in the fleet), or by seal number: this kiosk's first, then the newest. */
export async function findFleetEnvelopes(db: FleetQueries, key: { kind: 'code'; code: string } | { kind: 'sealNumber'; sealNumber: string }): Promise<FleetEnvelope[]> {
  const where = key.kind === 'code' ? 'e.code = $1' : 'e.seal_key = $1';
  const result = await db.query(`${ENVELOPES} WHERE ${where} ORDER BY e.kiosk_id = current_user DESC, e.created_at DESC LIMIT 20`, [key.kind === 'code' ? key.code : key.sealNumber]);
  return result.rows.map((row) => envelopeRow.parse(row));
}

export async function fleetEnvelope(db: FleetQueries, ref: EnvelopeRef): Promise<FleetEnvelope | null> {
  const result = await db.query(`${ENVELOPES} WHERE e.kiosk_id = $1 AND e.local_id = $2`, [ref.kioskId, ref.localId]);
  return result.rows[0] === undefined ? null : envelopeRow.parse(result.rows[0]);
}

export async function listFleetEnvelopes(db: FleetQueries, filter: FleetEnvelopeFilter): Promise<FleetEnvelope[]> {
  const result = await db.query(`${ENVELOPES} ${FILTERED} ORDER BY e.created_at DESC, e.kiosk_id, e.local_id LIMIT ${FLEET_LIST_MAX}`, [
    filter.state ?? null,
    filter.labelMissing ?? null,
    filter.sessionId ?? null,
  ]);
  return result.rows.map((row) => envelopeRow.parse(row));
}

/** Envelopes per custody state within a session (or all), those with their label missing apart. */
export async function countFleetEnvelopes(db: FleetQueries, sessionId: string | null): Promise<EnvelopeCounts> {
  const result = await db.query(
    `SELECT e.custody_state AS state, (e.label_printed_at IS NULL AND e.custody_state <> 'destroyed') AS missing, count(*)::integer AS n
     FROM fleet.envelope_custody e WHERE ($1::text IS NULL OR e.session_local_id = $1) GROUP BY 1, 2`,
    [sessionId],
  );
  const rows = z.array(z.object({ state: envelopeStateSchema, missing: z.boolean(), n: z.number().int() })).parse(result.rows);
  return tallyEnvelopeCounts(rows);
}

/** Each session of any kiosk that has envelopes, with how many, newest first. */
export async function fleetSessionsWithEnvelopes(db: FleetQueries) {
  const result = await db.query(
    `SELECT s.local_id AS id, s.kiosk_id, k.name AS kiosk_name, s.department, s.facilitator, s.started_at, count(*)::integer AS envelopes
     FROM fleet.envelopes e JOIN fleet.sessions s ON s.kiosk_id = e.kiosk_id AND s.local_id = e.session_local_id
     LEFT JOIN fleet.kiosks k ON k.kiosk_id = s.kiosk_id
     GROUP BY s.kiosk_id, s.local_id, k.name ORDER BY s.started_at DESC LIMIT ${FLEET_LIST_MAX}`,
  );
  const row = z.object({
    id: z.string(),
    kiosk_id: z.string(),
    kiosk_name: z.string().nullable(),
    department: z.string(),
    facilitator: z.string(),
    started_at: isoTime,
    envelopes: z.number().int(),
  });
  return z.array(row).parse(result.rows);
}

/** The moves the fleet decided for an envelope, oldest first, from `fromVersion` on. */
export async function fleetMoves(db: FleetQueries, ref: EnvelopeRef, fromVersion = 1): Promise<FleetMove[]> {
  const result = await db.query(
    `SELECT ${MOVE_COLUMNS} FROM fleet.custody_moves WHERE envelope_kiosk_id = $1 AND envelope_local_id = $2 AND version >= $3 ORDER BY version`,
    [ref.kioskId, ref.localId, fromVersion],
  );
  return result.rows.map((row) => moveRow.parse(row));
}

/** What the sealing kiosk recorded of an envelope (seal, prints, moves it made or applied), oldest first. */
export async function fleetEnvelopeEvents(db: FleetQueries, ref: EnvelopeRef): Promise<EnvelopeHistoryEntry[]> {
  const result = await db.query('SELECT action, from_state, to_state, actor, at, note FROM fleet.envelope_events WHERE kiosk_id = $1 AND envelope_local_id = $2 ORDER BY local_id', [
    ref.kioskId,
    ref.localId,
  ]);
  return result.rows.map((row) => eventRow.parse(row));
}

/**
 * Records `move` as the envelope's next version, unless another kiosk recorded that version
 * first: true when this one won. The insert waits for a competing one until it commits or
 * rolls back, so the answer is final.
 */
export async function insertFleetMove(db: FleetQueries, ref: EnvelopeRef, move: Omit<FleetMove, 'kioskId'>): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO fleet.custody_moves (envelope_kiosk_id, envelope_local_id, version, kiosk_name, from_state, to_state, actor, note, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING version`,
    [ref.kioskId, ref.localId, move.version, move.kioskName, move.from, move.to, move.actor, move.note, move.at],
  );
  return result.rows.length === 1;
}

/** This kiosk's envelopes whose custody in the fleet is ahead of what this kiosk last sent of them. */
export async function ownEnvelopesMovedInFleet(db: FleetQueries): Promise<string[]> {
  const result = await db.query('SELECT local_id FROM fleet.envelope_custody WHERE kiosk_id = current_user AND custody_state <> state');
  return z.array(z.object({ local_id: z.string() })).parse(result.rows).map((row) => row.local_id);
}
