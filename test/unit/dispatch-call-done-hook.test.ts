import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/contract/errors';
import { createDispatcher, type CallDone } from '../../electron/core/contract/dispatch';
import type { HandlerTable } from '../../electron/core/contract/handler-table';
import { message } from '../../shared/contract/messages';

const ctx = { transport: 'test' as const };

function dispatcherWith(handlers: Partial<HandlerTable>) {
  const done: CallDone[] = [];
  const dispatch = createDispatcher(handlers as HandlerTable, { onCallDone: (call) => done.push(call), onInternalError: () => undefined });
  return { dispatch, done };
}

describe('the dispatcher reports each call once, with its name, outcome and duration only', () => {
  it('reports ok for a call that succeeds', async () => {
    const { dispatch, done } = dispatcherWith({ 'audit.verify': () => ({ ok: true, events: 0, firstBadSeq: null, problem: null }) });
    await dispatch('audit.verify', {}, ctx);
    expect(done).toEqual([{ name: 'audit.verify', outcome: 'ok', ms: expect.any(Number) }]);
  });

  it('reports the error code of a refused, an invalid, an unknown and a broken call', async () => {
    const { dispatch, done } = dispatcherWith({
      'audit.verify': () => {
        throw new KioskError('conflict', message('session.notFound'));
      },
      'app.info': () => {
        throw new Error('bug');
      },
    });
    await dispatch('audit.verify', {}, ctx);
    await dispatch('app.info', {}, ctx);
    await dispatch('app.setLocale', { locale: 'xx' }, ctx);
    await dispatch(`no.such.call${'x'.repeat(200)}`, {}, ctx);
    expect(done.map((call) => call.outcome)).toEqual(['conflict', 'internal', 'invalid_input', 'unknown_call']);
    expect(done[3]?.name).toHaveLength(80);
  });

  it('hands the hook no part of the input', async () => {
    const { dispatch, done } = dispatcherWith({});
    await dispatch('keys.pinState', { path: 'virtual:1', pin: '739184' }, ctx);
    expect(JSON.stringify(done)).not.toContain('739184');
    expect(Object.keys(done[0] ?? {}).sort()).toEqual(['ms', 'name', 'outcome']);
  });
});
