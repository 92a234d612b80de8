import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createKioskLogger, logFilePath, type LogTerminal } from '../../electron/core/log/kiosk-logger';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const PIN = '739184';
const LINK = 'http://localhost:41234/enroll/enroll-token-5f1e9a';

/** A terminal to read back: what the kiosk writes to stderr, as a TTY or as a pipe. */
function terminal(isTTY: boolean): { stream: LogTerminal; text(): string } {
  const stream = Object.assign(new PassThrough(), { isTTY });
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

function logSome(stream: LogTerminal): string {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-log-terminal-'));
  const log = createKioskLogger({ dataDir: dir, stderr: true, terminal: stream });
  log.logger.info({ call: 'journey.key.setPin', outcome: 'ok', ms: 12, input: { pin: PIN } }, 'call');
  log.logger.warn({ offer: { url: LINK } }, 'passkey link shown');
  log.close();
  return readFileSync(logFilePath(dir), 'utf8');
}

describe('the log on a terminal', () => {
  it('a person at a terminal reads one pretty line per event, redacted as the file is; the file keeps JSON', () => {
    const tty = terminal(true);
    const file = logSome(tty.stream);
    const lines = tty.text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    // "[09:41:07] INFO: call {...}", the level coloured unless NO_COLOR is set.
    expect(stripVTControlCharacters(lines[0]!)).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: call /);
    expect(lines[0]).toContain('journey.key.setPin');
    expect(lines[1]).toMatch(/WARN/);
    expect(lines[1]).toContain('passkey link shown');
    expect(tty.text()).not.toMatch(/^\{"level"/m);
    for (const text of [tty.text(), file]) {
      expect(text).not.toContain(PIN);
      expect(text).not.toContain('enroll-token-5f1e9a');
      expect(text).toContain('[redacted]');
    }
    expect(file.trimEnd().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['call', 'passkey link shown']);
  });

  it('piped (no TTY), stderr gets the same JSON lines as the file', () => {
    const pipe = terminal(false);
    const file = logSome(pipe.stream);
    expect(pipe.text()).toBe(file);
  });
});
