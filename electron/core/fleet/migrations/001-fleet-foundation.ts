import type { FleetMigration } from '../fleet-migrate';
import { kioskRowsPolicy } from './kiosk-rows-policy';

/**
 * The replicated record of every kiosk: each row carries the kiosk that wrote it (its database
 * role) and its id in that kiosk's SQLite file, together the row's key, so replaying a row
 * changes nothing. Audit events and custody moves are append-only for kiosks.
 */
export const fleetFoundation: FleetMigration = {
  version: 1,
  name: 'fleet-foundation',
  sql: `
    CREATE TABLE fleet.kiosks (
      kiosk_id text PRIMARY KEY DEFAULT current_user,
      name text NOT NULL,
      site text NOT NULL,
      version text NOT NULL,
      first_contact_at timestamptz NOT NULL DEFAULT now(),
      last_contact_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE fleet.sessions (
      kiosk_id text NOT NULL DEFAULT current_user,
      local_id text NOT NULL,
      department text NOT NULL,
      facilitator text NOT NULL,
      room text NOT NULL,
      site text NOT NULL,
      planned_minutes integer NOT NULL,
      status text NOT NULL,
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      training boolean NOT NULL,
      PRIMARY KEY (kiosk_id, local_id)
    );

    CREATE TABLE fleet.attendees (
      kiosk_id text NOT NULL DEFAULT current_user,
      local_id text NOT NULL,
      session_local_id text NOT NULL,
      badge_id text NOT NULL,
      given_name text NOT NULL,
      family_name text NOT NULL,
      email text NOT NULL,
      department text NOT NULL,
      manager text NOT NULL,
      position integer NOT NULL,
      PRIMARY KEY (kiosk_id, local_id)
    );
    CREATE INDEX attendees_session ON fleet.attendees (kiosk_id, session_local_id);

    CREATE TABLE fleet.attendee_steps (
      kiosk_id text NOT NULL DEFAULT current_user,
      attendee_local_id text NOT NULL,
      step text NOT NULL,
      status text NOT NULL,
      reason_code text,
      reason_note text,
      updated_at timestamptz,
      PRIMARY KEY (kiosk_id, attendee_local_id, step)
    );

    CREATE TABLE fleet.identity_checks (
      kiosk_id text NOT NULL DEFAULT current_user,
      local_id bigint NOT NULL,
      attendee_local_id text NOT NULL,
      decision text NOT NULL,
      face_confirmed boolean NOT NULL,
      second_signal text,
      reason text,
      facilitator text NOT NULL,
      decided_at timestamptz NOT NULL,
      PRIMARY KEY (kiosk_id, local_id)
    );

    CREATE TABLE fleet.envelopes (
      kiosk_id text NOT NULL DEFAULT current_user,
      local_id text NOT NULL,
      code text NOT NULL UNIQUE,
      seal_number text NOT NULL,
      seal_key text NOT NULL,
      session_local_id text NOT NULL,
      attendee_local_id text NOT NULL,
      key_model text,
      fingerprint text NOT NULL,
      state text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      label_prints integer NOT NULL,
      label_printed_at timestamptz,
      PRIMARY KEY (kiosk_id, local_id)
    );
    CREATE INDEX envelopes_seal_key ON fleet.envelopes (seal_key);

    CREATE TABLE fleet.envelope_events (
      kiosk_id text NOT NULL DEFAULT current_user,
      local_id bigint NOT NULL,
      envelope_local_id text NOT NULL,
      action text NOT NULL,
      from_state text,
      to_state text NOT NULL,
      actor text NOT NULL,
      at timestamptz NOT NULL,
      note text,
      PRIMARY KEY (kiosk_id, local_id)
    );

    -- data is the kiosk's canonical JSON text, byte for byte, so the chain verifies here too.
    CREATE TABLE fleet.audit_events (
      kiosk_id text NOT NULL DEFAULT current_user,
      seq bigint NOT NULL,
      at text NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      subject text,
      data text NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (kiosk_id, seq)
    );

    CREATE TABLE fleet.facilitator_keys (
      kiosk_id text NOT NULL DEFAULT current_user,
      local_id text NOT NULL,
      credential_id text NOT NULL,
      public_key text NOT NULL,
      name text NOT NULL,
      role text NOT NULL,
      aaguid text NOT NULL,
      key_model text NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      removed_at timestamptz,
      PRIMARY KEY (kiosk_id, local_id)
    );
    CREATE UNIQUE INDEX facilitator_keys_credential ON fleet.facilitator_keys (credential_id);

    ${kioskRowsPolicy('fleet.kiosks', { update: true })}
    ${kioskRowsPolicy('fleet.sessions', { update: true })}
    ${kioskRowsPolicy('fleet.attendees', { update: true })}
    ${kioskRowsPolicy('fleet.attendee_steps', { update: true })}
    ${kioskRowsPolicy('fleet.identity_checks', { update: true })}
    ${kioskRowsPolicy('fleet.envelopes', { update: true })}
    ${kioskRowsPolicy('fleet.envelope_events', { update: false })}
    ${kioskRowsPolicy('fleet.audit_events', { update: false })}
    ${kioskRowsPolicy('fleet.facilitator_keys', { update: true })}
  `,
};
