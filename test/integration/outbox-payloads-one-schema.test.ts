import { afterEach, describe, expect, it } from 'vitest';
import { IDP_OUTBOX_KINDS } from '../../electron/core/idp/idp-outbox-kinds';
import { sessionCore } from './helpers/session-core';
import { syncHarness, type SyncHarness } from './helpers/sync-harness';
import { enrollmentKind } from './helpers/test-outbox-kinds';

let h: SyncHarness | undefined;
let core: ReturnType<typeof sessionCore> | undefined;
afterEach(async () => {
  await h?.close();
  await core?.close();
  h = undefined;
  core = undefined;
});

const user = { id: 'training-100234', displayName: 'Amara Okafor', username: null, email: 'amara@example.com', badgeId: '100234' };

describe('an outbox payload is built and read with its kind’s one schema', () => {
  it('refuses to queue a payload the kind’s schema does not describe, and stores nothing', async () => {
    h = await syncHarness({ backoff: { baseMs: 1_000, capMs: 60_000 } });
    const wrong = { attendee: 'alice', seq: 'first' } as unknown as { attendee: string; seq: number };
    expect(() => h!.outbox.enqueue(enrollmentKind, { idempotencyKey: 'enr-wrong', subjectKey: 'alice', payload: wrong })).toThrow(
      'An outbox item of kind enrollment does not match the kind\'s payload (seq: Invalid input: expected number, received string); nothing was queued.',
    );
    expect(h.outbox.store.byIdempotencyKey('enr-wrong')).toBeNull();
    expect(h.outbox.summary().pending).toBe(0);
  });

  it('stores what the schema makes of the payload: a field it does not name never reaches the disk', async () => {
    h = await syncHarness({ backoff: { baseMs: 1_000, capMs: 60_000 } });
    const withExtra = { attendee: 'alice', seq: 1, note: 'not part of an enrollment' };
    const item = h.outbox.enqueue(enrollmentKind, { idempotencyKey: 'enr-extra', subjectKey: 'alice', payload: withExtra });
    expect(h.outbox.store.get(item.id)?.payload).toEqual({ attendee: 'alice', seq: 1 });
  });

  it('parks an item whose stored payload the IdP handler cannot read with that schema, saying it is damaged', async () => {
    core = sessionCore();
    const parked = new Promise<void>((resolve) => core!.core.events.subscribe((event) => event.name === 'outbox.parked' && resolve()));
    // Written past the schema, as an older or edited database would hold it.
    const { item } = core.core.outbox.store.enqueue({ idempotencyKey: 'revoke-damaged', subjectKey: user.id, kind: IDP_OUTBOX_KINDS.revokeAuthenticator.name, payload: { user } });
    core.core.outbox.worker.wake();
    await parked;
    expect(core.core.outbox.store.get(item.id)).toMatchObject({
      state: 'parked',
      lastError: { reason: 'idp.itemDamaged', params: { id: item.id } },
    });
  });
});
