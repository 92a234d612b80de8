import type { Migration } from '../migrate';

export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        department TEXT NOT NULL,
        facilitator TEXT NOT NULL,
        room TEXT NOT NULL,
        planned_minutes INTEGER NOT NULL CHECK (planned_minutes > 0),
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        started_at TEXT NOT NULL,
        ended_at TEXT,
        training INTEGER NOT NULL CHECK (training IN (0, 1))
      );
      -- The kiosk runs one session at a time; the file itself refuses a second open one.
      CREATE UNIQUE INDEX sessions_one_open ON sessions(status) WHERE status = 'open';

      CREATE TABLE roster_entries (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        badge_id TEXT NOT NULL,
        given_name TEXT NOT NULL,
        family_name TEXT NOT NULL,
        email TEXT NOT NULL,
        department TEXT NOT NULL,
        manager TEXT NOT NULL,
        photo_file TEXT,
        source_line INTEGER NOT NULL,
        position INTEGER NOT NULL,
        UNIQUE (session_id, badge_id)
      );
      CREATE INDEX roster_entries_badge ON roster_entries(badge_id);

      CREATE TABLE attendee_steps (
        attendee_id TEXT NOT NULL REFERENCES roster_entries(id),
        step TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'inProgress', 'done', 'skipped', 'failed')),
        reason TEXT,
        updated_at TEXT,
        PRIMARY KEY (attendee_id, step)
      );

      CREATE TABLE identity_checks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        attendee_id TEXT NOT NULL REFERENCES roster_entries(id),
        decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
        face_confirmed INTEGER NOT NULL CHECK (face_confirmed IN (0, 1)),
        second_signal TEXT,
        note TEXT,
        reason TEXT,
        facilitator TEXT NOT NULL,
        decided_at TEXT NOT NULL
      );
      CREATE INDEX identity_checks_attendee ON identity_checks(attendee_id);

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `);
  },
};
