import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCbor } from '../../electron/core/fido/cbor/cbor';
import { CtapError } from '../../electron/core/fido/ctap2/ctap2-error';
import { decodeResponse } from '../../electron/core/fido/ctap2/ctap2-transport';
import { parseAssertion } from '../../electron/core/fido/ctap2/get-assertion';
import { parseGetInfo } from '../../electron/core/fido/ctap2/get-info';
import { parseMakeCredentialResponse } from '../../electron/core/fido/ctap2/make-credential';
import { CtapHidCommand, CTAPHID_BROADCAST_CID } from '../../electron/core/fido/ctaphid/ctaphid-constants';
import { CtapHidDevice } from '../../electron/core/fido/ctaphid/ctaphid-device';
import { CtapHidError } from '../../electron/core/fido/ctaphid/ctaphid-error';
import { fragmentMessage, MessageAssembler } from '../../electron/core/fido/ctaphid/ctaphid-packets';
import type { HidConnection } from '../../electron/core/fido/hid/hid-connection';
import { KioskError } from '../../shared/contract/errors';
import { toRegistrationResponse } from '../../electron/core/fido/keys/registration-plan';

/** Bounded in `npm test`; `FUZZ_RUNS=200000 npm run fuzz` for the long run. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 2_000);
const SEED = 0x5eed_f1d0;
const CID = 0x11223344;
const counts: Record<string, number> = {};
/** The long run needs more than vitest's default per-test timeout. */
const TIMEOUT_MS = Math.max(30_000, RUNS * 5);

function property<T>(name: string, arb: fc.Arbitrary<T>, check: (value: T) => void | Promise<void>) {
  counts[name] = 0;
  return fc.asyncProperty(arb, async (value) => {
    counts[name]! += 1;
    await check(value);
  });
}

/** A report that is usually on our channel, with a plausible header and random data. */
const report = fc.oneof(
  fc.uint8Array({ minLength: 64, maxLength: 64 }),
  fc.record({
    init: fc.boolean(),
    cid: fc.constantFrom(CID, CID, CID, 0xdeadbeef),
    head: fc.integer({ min: 0, max: 0x7f }),
    len: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffff })),
    data: fc.uint8Array({ minLength: 57, maxLength: 59 }),
  }).map(({ init, cid, head, len, data }) => {
    const r = new Uint8Array(64);
    new DataView(r.buffer).setUint32(0, cid);
    r[4] = init ? 0x80 | head : head;
    if (init) {
      r[5] = len >> 8;
      r[6] = len & 0xff;
      r.set(data.subarray(0, 57), 7);
    } else r.set(data.subarray(0, 59), 5);
    return r;
  }),
  fc.uint8Array({ minLength: 0, maxLength: 80 }),
);

/** Arbitrary CBOR-able values: maps with integer and text keys, byte strings, nesting. */
const cborValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.boolean(),
    fc.string({ maxLength: 20 }),
    fc.uint8Array({ maxLength: 80 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(fc.integer({ min: -3, max: 25 }), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 6 }).map((entries) => new Map(entries)),
  ),
})).value;

const responseBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  cborValue.map((v) => new Uint8Array([0, ...encodeCbor(v)])),
  fc.array(fc.tuple(fc.integer({ min: 1, max: 8 }), cborValue), { maxLength: 8 }).map((entries) => new Uint8Array([0, ...encodeCbor(new Map(entries))])),
);

function onlyTyped(error: unknown, ...types: Array<abstract new (...args: never[]) => Error>) {
  if (!types.some((type) => error instanceof type)) throw new Error(`untyped failure: ${String(error)}`);
}

describe('fuzz: CTAPHID reassembly and CBOR response parsing end only in typed errors', () => {
  afterAll(() => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`fuzz: ${total} cases run (seed ${SEED}): ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  });

  it('fuzz: MessageAssembler on arbitrary report sequences returns messages or throws CtapHidError', async () => {
    await fc.assert(
      property('reassembly', fc.array(report, { maxLength: 40 }), (reports) => {
        const assembler = new MessageAssembler(CID);
        for (const r of reports) {
          try {
            const message = assembler.push(r);
            if (message) expect(message.cid).toBe(CID);
          } catch (error) {
            onlyTyped(error, CtapHidError);
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, TIMEOUT_MS);

  it('fuzz: a CTAPHID transaction against a device sending garbage ends in a reply or a CtapHidError, never a hang', async () => {
    await fc.assert(
      property('transaction', fc.array(report, { maxLength: 30 }), async (reports) => {
        const inbox: Uint8Array[] = [];
        const connection: HidConnection = {
          async write(r) {
            if (new DataView(r.buffer, r.byteOffset).getUint32(0) === CTAPHID_BROADCAST_CID) {
              const body = new Uint8Array(17);
              body.set(r.subarray(7, 15), 0);
              new DataView(body.buffer).setUint32(8, CID);
              body[16] = 0x0d;
              inbox.push(...fragmentMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, body), ...reports);
            }
          },
          async read() {
            const next = inbox.shift();
            if (!next) throw new Error('unplugged');
            return next;
          },
          async close() {},
        };
        try {
          const device = await CtapHidDevice.open(connection, { pollMs: 1, busyRetryMs: 0 });
          await device.cbor(Uint8Array.of(4), { timeoutMs: 1_000 });
        } catch (error) {
          onlyTyped(error, CtapHidError);
        }
      }),
      { seed: SEED, numRuns: Math.max(1, Math.floor(RUNS / 4)) },
    );
  }, TIMEOUT_MS);

  it('fuzz: CTAP2 response parsers on arbitrary bytes and CBOR maps throw only CtapError', async () => {
    await fc.assert(
      property('cbor-responses', responseBytes, (bytes) => {
        for (const parse of [parseGetInfo, parseMakeCredentialResponse, parseAssertion]) {
          try {
            parse(decodeResponse(bytes, 'fuzz'));
          } catch (error) {
            onlyTyped(error, CtapError);
          }
        }
        try {
          toRegistrationResponse(decodeResponse(bytes, 'fuzz'), new Uint8Array(10), null, 'none');
        } catch (error) {
          onlyTyped(error, CtapError, KioskError);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, TIMEOUT_MS);
});
