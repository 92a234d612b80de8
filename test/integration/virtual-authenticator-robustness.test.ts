import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Ctap2Command, CtapStatus } from '../../electron/core/fido/ctap2/ctap2-constants';
import { CtapHidCommand } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';
import { VirtualAuthenticator } from '../../electron/core/fido/virtual/virtual-authenticator';
import { cbor, init, readMessage, sendMessage } from './virtual-authenticator-raw-client';

/** `npm test` runs a fixed, bounded number of cases; `npm run fuzz` may raise it. */
const RUNS = Number(process.env.KIOSK_FUZZ_RUNS ?? 150);
const SEED = 20_250_101;

const open: HidConnection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function drain(connection: HidConnection): Promise<void> {
  while ((await connection.read(5)) !== null);
}

describe('virtual authenticator robustness (fuzz)', () => {
  it(`fuzz: ${RUNS} runs of random 64-byte reports never crash the key, and a fresh channel still answers PING`, async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 64, maxLength: 64 }), { minLength: 1, maxLength: 12 }), async (reports) => {
        cases += 1;
        const key = new VirtualAuthenticator({ messageTimeoutMs: 20, userPresenceTimeoutMs: 20, userPresence: 'timeout' });
        const connection = key.connect();
        open.push(connection);
        for (const report of reports) await connection.write(report);
        await new Promise((r) => setTimeout(r, 30));
        await drain(connection);
        const cid = await init(connection);
        await sendMessage(connection, cid, CtapHidCommand.PING, new Uint8Array([42]));
        const echo = await readMessage(connection, cid);
        expect(Array.from(echo.data)).toEqual([42]);
        await connection.close();
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(cases).toBe(RUNS);
  });

  it(`fuzz: ${RUNS} random CBOR requests to every command end in a CTAP status byte, never an exception`, async () => {
    const key = new VirtualAuthenticator({ userPresence: 'denied' });
    const connection = key.connect();
    open.push(connection);
    const cid = await init(connection);
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.uint8Array({ maxLength: 40 }), fc.boolean()),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 3 }), tie('map')),
      map: fc.array(fc.tuple(fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constantFrom('id', 'rk', 'up', 'uv', 'type', 'alg', 'credProtect')), tie('node')), { maxLength: 6 }).map((entries) => new Map(entries)),
    }));
    const commands = Object.values(Ctap2Command).filter((c) => c !== Ctap2Command.reset);
    // CTAP1_ERR_OTHER is what an internal exception turns into: it must never appear.
    const known = new Set<number>(Object.values(CtapStatus).filter((s) => s !== CtapStatus.CTAP1_ERR_OTHER));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commands), value.map, async (command, params) => {
        const reply = await cbor(connection, cid, command, params as Map<unknown, unknown>);
        expect(known.has(reply.status)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect((await cbor(connection, cid, Ctap2Command.getInfo)).status).toBe(CtapStatus.CTAP2_OK);
  });
});
