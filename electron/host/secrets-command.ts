import type { Readable, Writable } from 'node:stream';
import { isKioskError } from '../../shared/contract/errors';
import { isValidSecretName, type SecretStore } from '../core/ports/secret-store';

/** What the command reads and writes; a terminal's stdin also offers raw mode (no echo). */
export interface SecretsCommandIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Prompts and results; never a secret value. */
  stderr: Writable;
}

export const SECRETS_USAGE = [
  'Usage: secrets set NAME      read the value from stdin (typed without echo, or piped) and store it',
  '       secrets delete NAME   remove it',
  '       secrets has NAME      exit 0 when it is stored, 1 when not (the value is never shown)',
  'NAME is what the config names in clientSecretRef / apiTokenRef / passwordRef, e.g. idp.keycloak.clientSecret or fleet.password.',
].join('\n');

/** Far above any client secret or API token; a bigger input is a mistake (a file piped by accident). */
const MAX_VALUE_LENGTH = 16 * 1024;

class UsageError extends Error {}

/**
 * `secrets set|delete|has NAME` against a SecretStore: how an operator puts an IdP client
 * secret or API token where the connectors read it. The value comes only from stdin (never
 * from the command line, where `ps` and shell history would see it) and is never printed.
 * Returns the exit code: 0 done, 1 `has` found nothing, 2 bad usage or input.
 */
export async function runSecretsCommand(args: readonly string[], store: SecretStore, where: string, io: SecretsCommandIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  try {
    const [action, name, ...extra] = args;
    if (extra.length > 0 || name === undefined || !['set', 'delete', 'has'].includes(action ?? '')) throw new UsageError(SECRETS_USAGE);
    if (!isValidSecretName(name)) throw new UsageError(`"${name}" is not a secret name: use 1 to 128 letters, digits, dots, dashes or underscores.`);
    if (action === 'has') {
      const found = (await store.get(name)) !== null;
      say(found ? `The secret ${name} is stored in ${where}.` : `No secret named ${name} is stored in ${where}.`);
      return found ? 0 : 1;
    }
    if (action === 'delete') {
      await store.delete(name);
      say(`The secret ${name} is no longer stored in ${where}.`);
      return 0;
    }
    const value = io.stdin.isTTY && io.stdin.setRawMode ? await readHidden(io, `Value for ${name} (typing is not shown; Enter ends): `) : await readPiped(io.stdin);
    if (value.length === 0) throw new UsageError(`No value was given for ${name}; nothing was stored.`);
    if (value.length > MAX_VALUE_LENGTH) throw new UsageError(`The value for ${name} is longer than ${MAX_VALUE_LENGTH} characters; nothing was stored. Pipe in only the secret itself.`);
    await store.set(name, value);
    say(`Stored the secret ${name} (${value.length} characters) in ${where}.`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || isKioskError(error)) {
      say(error.message);
      return 2;
    }
    throw error;
  }
}

/** All of a piped stdin, less the one line ending `echo` or a file adds. */
async function readPiped(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    size += buffer.length;
    // Keep reading (so the writer is not cut off) but stop keeping what is already too much.
    if (size <= MAX_VALUE_LENGTH * 4 + 2) chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** One line from a terminal in raw mode, so the characters are not echoed. */
function readHidden(io: SecretsCommandIo, prompt: string): Promise<string> {
  const { stdin } = io;
  // Echo goes off before the prompt invites typing, or the first keys would be shown.
  stdin.setRawMode?.(true);
  io.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish(null);
        if (char === '\u0003') return finish(new UsageError('Cancelled; nothing was stored.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
