import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { ClientPin } from '../../electron/core/fido/ctap2/client-pin';
import { Ctap2Command, Permission } from '../../electron/core/fido/ctap2/ctap2-constants';
import { ctap2Call } from '../../electron/core/fido/ctap2/ctap2-transport';
import { getAssertion } from '../../electron/core/fido/ctap2/get-assertion';
import { getInfo } from '../../electron/core/fido/ctap2/get-info';
import { makeCredentialParams, parseMakeCredentialResponse } from '../../electron/core/fido/ctap2/make-credential';
import { CtapHidDevice } from '../../electron/core/fido/ctaphid/ctaphid-device';
import { createSocketBackend } from '../../electron/core/fido/hid/socket-backend';
import { sha256 } from '../../electron/core/fido/keys/client-data';

const ROUNDS = Number(process.env['FIDO_BENCH_ROUNDS'] ?? 40);
const PIN = '583920';
const RP_ID = 'bench.kiosk.example';
const PYTHON = '/usr/bin/python3';
const here = import.meta.dirname;
type Op = 'getInfo' | 'pinToken' | 'makeCredential' | 'getAssertion';
const ops: Op[] = ['getInfo', 'pinToken', 'makeCredential', 'getAssertion'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const round3 = (n: number) => Number(n.toFixed(3));

/** The virtual authenticator in a child process, so our CPU figures are the client's only. */
async function startServer(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fido-server-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`virtual authenticator server exited with ${code}`)));
  });
  return { port: (JSON.parse(line) as { port: number }).port, stop: () => child.stdin.end() };
}

async function ourClient(port: number) {
  const backend = createSocketBackend({ port });
  const [descriptor] = await backend.list();
  if (!descriptor) throw new Error('virtual authenticator not listed');
  const device = await CtapHidDevice.open(await backend.open(descriptor.path));
  const clientPin = new ClientPin(device, 2);
  const samples: Record<Op, number[]> = { getInfo: [], pinToken: [], makeCredential: [], getAssertion: [] };
  const time = async <T>(op: Op, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    samples[op].push(performance.now() - started);
    return result;
  };
  let makeCredentialCpuMicros = 0;
  for (let i = 0; i < ROUNDS; i++) {
    await time('getInfo', () => getInfo(device));
    const token = await time('pinToken', () => clientPin.getPinUvAuthTokenUsingPinWithPermissions(PIN, Permission.mc, RP_ID));
    const clientDataHash = sha256(new TextEncoder().encode(`bench registration ${i}`));
    const cpuBefore = process.cpuUsage();
    const created = await time('makeCredential', async () =>
      parseMakeCredentialResponse(
        await ctap2Call(device, Ctap2Command.makeCredential, 'makeCredential', makeCredentialParams({
          clientDataHash,
          rp: { id: RP_ID, name: 'Bench RP' },
          user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'bench@example.com', displayName: 'Bench' },
          algorithms: [-7],
          token,
        })),
      ),
    );
    const cpu = process.cpuUsage(cpuBefore);
    makeCredentialCpuMicros += cpu.user + cpu.system;
    const credentialId = created.parsedAuthData.attestedCredentialData!.credentialId;
    const gaToken = await clientPin.getPinUvAuthTokenUsingPinWithPermissions(PIN, Permission.ga, RP_ID);
    const gaHash = sha256(new TextEncoder().encode(`bench assertion ${i}`));
    await time('getAssertion', () => getAssertion(device, { rpId: RP_ID, clientDataHash: gaHash, allowList: [{ type: 'public-key', id: credentialId }], token: gaToken }));
  }
  await device.close();
  return { samples, cpuPerMakeCredentialMs: makeCredentialCpuMicros / 1000 / ROUNDS };
}

function pythonFido2(port: number): Record<Op, number[]> | { skipped: string } {
  const script = join(here, 'fido_bench_python.py');
  if (!existsSync(PYTHON)) return { skipped: `${PYTHON} not present` };
  const probe = spawnSync(PYTHON, ['-c', 'import fido2'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'python3-fido2 not installed' };
  const run = spawnSync(PYTHON, [script, String(port), PIN, String(ROUNDS)], { encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) throw new Error(`python-fido2 bench failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<Op, number[]>;
}

/**
 * Per-operation latency of our CTAP2 client and of python-fido2 0.9.1, same run, same virtual
 * authenticator (its own process), same UDP socket backend. Medians in ms; ratio = ours / python.
 */
export default async function bench(): Promise<Record<string, unknown>> {
  const server = await startServer();
  try {
    const setup = createSocketBackend({ port: server.port });
    const [descriptor] = await setup.list();
    const device = await CtapHidDevice.open(await setup.open(descriptor!.path));
    await new ClientPin(device, 2).setPin(PIN);
    await device.close();

    const ours = await ourClient(server.port);
    const python = pythonFido2(server.port);
    const operations: Record<string, unknown> = {};
    for (const op of ops) {
      const ourMedian = median(ours.samples[op]);
      const pythonMedian = 'skipped' in python ? null : median(python[op]);
      operations[op] = {
        oursMedianMs: round3(ourMedian),
        pythonFido2MedianMs: pythonMedian === null ? null : round3(pythonMedian),
        ratioOursToPython: pythonMedian ? round3(ourMedian / pythonMedian) : null,
      };
    }
    return {
      rounds: ROUNDS,
      pinProtocol: 2,
      transport: 'UDP loopback, virtual authenticator in a child process',
      operations,
      oursCpuPerMakeCredentialMs: round3(ours.cpuPerMakeCredentialMs),
      ...('skipped' in python ? { pythonFido2: python.skipped } : {}),
    };
  } finally {
    server.stop();
  }
}
