import type { Statement } from 'better-sqlite3';
import type { Db } from './open-database';

/**
 * Prepares each SQL text once per connection: preparing costs more than running a small
 * statement, and a roster import runs the same insert tens of thousands of times.
 */
export function statementCache(db: Db): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
