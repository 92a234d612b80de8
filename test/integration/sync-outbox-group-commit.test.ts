import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/core/store/audit-log';
import { openDatabase, type Db } from '../../electron/core/store/open-database';
import { silentNotifier, type OutboxNotifier } from '../../electron/core/sync/outbox-notifier';
import { OutboxService } from '../../electron/core/sync/outbox-service';
import type { OutboxHandler, OutboxItem } from '../../electron/core/sync/outbox-types';
import { anyPayloadKind } from './helpers/test-outbox-kinds';

/**
 * Each commit waits for the disk (synchronous=FULL), so the worker records the outcomes of calls
 * that come back together, and takes the items that follow, in one commit. These tests hold the
 * calls at a gate the test opens, so "together" is exact rather than a matter of timing.
 */

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** A handler whose calls wait until the test answers them. */
function gatedHandler() {
  const waiting: Array<{ item: OutboxItem; answer: () => void }> = [];
  const handler: OutboxHandler = {
    send: (item) => new Promise<void>((resolve) => waiting.push({ item, answer: resolve })),
  };
  return { handler, waiting };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

function setup(notify: Partial<OutboxNotifier> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-group-commit-'));
  const db: Db = openDatabase(join(dir, 'kiosk.sqlite'));
  const clock = { now: () => new Date() };
  const outbox = new OutboxService({ db, audit: new AuditLog(db, () => clock.now()), clock, notify: { ...silentNotifier, ...notify }, concurrency: 4 });
  let commits = 0;
  const atomically = outbox.store.atomically.bind(outbox.store);
  outbox.store.atomically = (changes) => {
    if (!db.inTransaction) commits += 1;
    return atomically(changes);
  };
  cleanup = async () => {
    await outbox.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const enqueue = (count: number) => {
    for (let i = 0; i < count; i += 1) outbox.enqueue(anyPayloadKind('enrollment'), { idempotencyKey: `enr-${i}`, subjectKey: `attendee-${i}`, payload: { seq: i } });
  };
  return { db, outbox, enqueue, commits: () => commits };
}

describe('outbox group commit', () => {
  it('records calls that come back together, and takes the next items, in one commit', async () => {
    const { outbox, enqueue, commits } = setup();
    const gate = gatedHandler();
    outbox.register('enrollment', gate.handler);
    enqueue(8);
    const before = commits();
    outbox.start();
    await until(() => gate.waiting.length === 4);
    // One commit marked the first four 'sending'.
    expect(commits() - before).toBe(1);

    for (const call of gate.waiting.splice(0)) call.answer();
    await until(() => gate.waiting.length === 4);
    // One commit: four done, and the next four 'sending'.
    expect(commits() - before).toBe(2);

    for (const call of gate.waiting.splice(0)) call.answer();
    await until(() => outbox.summary().done === 8);
    expect(commits() - before).toBe(3);
  });

  it('announces an outcome only once it is committed', async () => {
    const seen: Array<{ state: string | undefined; inTransaction: boolean }> = [];
    const env = setup({
      done: (item) => seen.push({ state: env.outbox.store.get(item.id)?.state, inTransaction: env.db.inTransaction }),
    });
    const gate = gatedHandler();
    env.outbox.register('enrollment', gate.handler);
    env.enqueue(3);
    env.outbox.start();
    await until(() => gate.waiting.length === 3);
    for (const call of gate.waiting.splice(0)) call.answer();
    await until(() => seen.length === 3);
    expect(seen).toEqual(Array.from({ length: 3 }, () => ({ state: 'done', inTransaction: false })));
  });

  it('does not hold finished calls back for one that is still waiting', async () => {
    const done: string[] = [];
    const { outbox, enqueue } = setup({ done: (item) => done.push(item.idempotencyKey) });
    const gate = gatedHandler();
    outbox.register('enrollment', gate.handler);
    enqueue(4);
    outbox.start();
    await until(() => gate.waiting.length === 4);
    const [slow, ...quick] = gate.waiting.splice(0);
    for (const call of quick) call.answer();
    await until(() => done.length === 3);
    expect(outbox.store.get(slow!.item.id)?.state).toBe('sending');
    slow!.answer();
    await until(() => done.length === 4);
  });
});
