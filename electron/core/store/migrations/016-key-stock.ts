import type { Migration } from '../migrate';

/**
 * The stock of fresh security keys at this kiosk, as a ledger: each delivery received, each key
 * counted by plugging it in, each key a backup-key step took. What is left is the sum, so no
 * count can drift from its history. `ref` makes a movement happen once: a key's USB serial
 * number for a counted key, the backup credential for a used one. Not replicated to a fleet:
 * the stock is the keys in this kiosk's drawer (the audit log, which is replicated, records each movement).
 */
export const keyStock: Migration = {
  version: 16,
  name: 'key-stock',
  up(db) {
    db.exec(`
      CREATE TABLE stock_movements (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('received', 'counted', 'used')),
        model TEXT NOT NULL,
        aaguid TEXT,
        count INTEGER NOT NULL CHECK (count >= 1),
        note TEXT,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        ref TEXT UNIQUE
      );
      CREATE INDEX stock_movements_model ON stock_movements(model);
      CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
        BEGIN SELECT RAISE(ABORT, 'the key stock ledger is append-only'); END;
      CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
        BEGIN SELECT RAISE(ABORT, 'the key stock ledger is append-only'); END;
    `);
  },
};
