import { execFile, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { it, type TestContext } from 'vitest';

/** Debian's interpreter: the one that sees python3-fido2 and can load libfido2 through ctypes. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** `.ci/run` sets KIOSK_REQUIRE_PEERS=1: there a missing peer is a failure, not a skip. */
export const REQUIRE_PEERS = process.env.KIOSK_REQUIRE_PEERS === '1';

/** True when the system Python runs the given probe snippet successfully. */
export function pythonCan(snippet: string): boolean {
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', snippet], { encoding: 'utf8', timeout: 20_000 });
  return probe.status === 0;
}

export interface PeerCheck {
  check: string;
  ok: boolean;
  error?: string;
  [value: string]: unknown;
}

/** Runs a peer driver script against a port and returns its JSON lines by check name. */
export function runPeerScript(script: string, port: number): Promise<Map<string, PeerCheck>> {
  return new Promise((resolve, reject) => {
    execFile(
      SYSTEM_PYTHON,
      [script, String(port)],
      { cwd: dirname(script), timeout: 100_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const checks = new Map<string, PeerCheck>();
        for (const line of stdout.split('\n')) {
          if (!line.trim().startsWith('{')) continue;
          const parsed = JSON.parse(line) as PeerCheck;
          checks.set(parsed.check, parsed);
        }
        if (error && checks.size === 0) reject(new Error(`${script} failed: ${error.message}\n${stderr}`));
        else resolve(checks);
      },
    );
  });
}

/**
 * A test of one peer check: skipped with the reason when the peer is not installed (a failure
 * under KIOSK_REQUIRE_PEERS=1), failed with the peer's own error message when the check failed.
 */
export function peerCheck(
  available: boolean,
  missingReason: string,
  results: () => Map<string, PeerCheck> | undefined,
  name: string,
  title: string,
  assert: (check: PeerCheck) => void,
): void {
  it(title, (ctx: TestContext) => {
    if (!available) {
      if (REQUIRE_PEERS) throw new Error(`${missingReason}, and KIOSK_REQUIRE_PEERS=1 requires it`);
      // test/run.mjs prints meta.skipReason in its summary; ctx.skip carries it to the reporters.
      (ctx.task.meta as Record<string, unknown>).skipReason = `skipped: ${missingReason}`;
      ctx.skip(`skipped: ${missingReason}`);
      return;
    }
    const check = results()?.get(name);
    if (!check) throw new Error(`the peer script reported no "${name}" check`);
    if (!check.ok) throw new Error(`${name} failed in the peer: ${check.error ?? 'no message'}`);
    assert(check);
  });
}
