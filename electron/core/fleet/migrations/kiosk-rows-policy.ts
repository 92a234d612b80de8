/**
 * Row-level security for a table of kiosk rows: every kiosk reads all of them; a kiosk's role
 * inserts (and, where `update`, changes) only rows whose kiosk_id is itself. No kiosk deletes.
 * `fleet_kiosk` is the group every kiosk's role belongs to (resources/fleet/create-fleet.sql).
 */
export function kioskRowsPolicy(table: string, options: { update: boolean }): string {
  const name = table.replace(/^fleet\./, '');
  return `
    ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
    CREATE POLICY ${name}_read ON ${table} FOR SELECT TO fleet_kiosk USING (true);
    CREATE POLICY ${name}_insert_own ON ${table} FOR INSERT TO fleet_kiosk WITH CHECK (kiosk_id = current_user);
    ${options.update ? `CREATE POLICY ${name}_update_own ON ${table} FOR UPDATE TO fleet_kiosk USING (kiosk_id = current_user) WITH CHECK (kiosk_id = current_user);` : ''}
    GRANT SELECT, INSERT${options.update ? ', UPDATE' : ''} ON ${table} TO fleet_kiosk;
  `;
}
