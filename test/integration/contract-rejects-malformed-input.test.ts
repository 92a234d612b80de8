import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calls, type CallName } from '../../shared/contract/calls';
import { errorBodySchema } from '../../shared/contract/errors';
import { sessionCore } from './helpers/session-core';

const SEED = 20260302;
const RUNS_PER_CALL = 150;

/** Shared by reference so each run costs nothing: longer than any string field the contract allows. */
const HUGE = 'x'.repeat(9 * 1024 * 1024);

let harness: ReturnType<typeof sessionCore>;
let sessionId: string;
let attendeeId: string;

beforeAll(async () => {
  harness = sessionCore();
  const session = await harness.call('session.start', { department: 'Fuzz', room: 'R', plannedMinutes: 30 });
  sessionId = session.id;
  await harness.call('roster.loadTraining', { sessionId });
  attendeeId = (await harness.call('board.get', { sessionId })).rows[0]!.attendee.id;
});
afterAll(async () => {
  await harness.close();
});

/** Every row of every table, hashed: "the store is unchanged" means this digest is the same. */
function storeDigest(): string {
  const db = harness.core.db;
  const hash = createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  for (const table of tables) {
    hash.update(table);
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

function shapeKeys(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Values that fit some field somewhere (live ids, enums in use), so a mix can be valid but for one field. */
const plausible = () =>
  fc.constantFrom<unknown>(sessionId, attendeeId, 'managerPresent', 'other', 'badge', 'backupKey', '100101', 'A reason', 'Badge ID\n', 30, true, 1, '');

const garbage = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(HUGE),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 40 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.anything({ maxDepth: 3 }),
);

function malformedInput(keys: string[]): fc.Arbitrary<unknown> {
  const topLevel = fc.oneof(garbage, fc.constant([]), fc.constant('{}'));
  if (keys.length === 0) return fc.oneof(topLevel, fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), garbage, { minKeys: 1, maxKeys: 3 }));
  const fields = fc.record(Object.fromEntries(keys.map((key) => [key, fc.oneof(plausible(), garbage)])), { requiredKeys: [] });
  const withExtra = fc.tuple(fields, fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !keys.includes(k)), garbage).map(([obj, key, value]) => ({ ...obj, [key]: value }));
  return fc.oneof(topLevel, fields, withExtra);
}

describe('every contract call rejects malformed input', () => {
  const names = Object.keys(calls) as CallName[];

  it('covers the whole contract table', () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  it.each(names)('fuzz: %s answers invalid_input (never internal) and changes nothing', async (name) => {
    const spec = calls[name];
    const keys = shapeKeys(spec.input);
    const before = storeDigest();
    const eventsBefore = harness.events.length;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        malformedInput(keys).filter((input) => !spec.input.safeParse(input).success),
        async (input) => {
          const envelope = await harness.core.dispatch(name, input, { transport: 'test' });
          expect(envelope.ok).toBe(false);
          if (envelope.ok) return;
          expect(errorBodySchema.parse(envelope.error).code).toBe('invalid_input');
          expect(envelope.error.message.length).toBeLessThan(2000);
          checked += 1;
        },
      ),
      { seed: SEED, numRuns: RUNS_PER_CALL, endOnFailure: true },
    );
    expect(checked).toBe(RUNS_PER_CALL);
    expect(storeDigest()).toBe(before);
    expect(harness.events.length).toBe(eventsBefore);
  });
});
