import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import type { AuthenticatorInfo } from '../ctap2/get-info';
import { CtapHidDevice, type CtapHidOptions, type KeepaliveEvent, type TransactOptions } from '../ctaphid/ctaphid-device';
import { HidAccessError } from '../hid/hid-access-error';
import type { HidBackend, HidConnection } from '../hid/hid-connection';
import { settleWithin } from './deadline';
import { readFido2Info } from './fido2-info';
import { notAnswering, toKioskError } from './key-errors';

export type KeyProgressStage = 'processing' | 'touchNeeded' | 'done';
export interface KeyProgress {
  path: string;
  stage: KeyProgressStage;
}

export interface KeySession {
  device: CtapHidDevice;
  info: AuthenticatorInfo;
  /** Options for the command that may wait for a touch: cancellable, reports progress. */
  touch(): TransactOptions;
}

export interface SessionDeps {
  backend: HidBackend;
  hid?: CtapHidOptions;
  onProgress?: (progress: KeyProgress) => void;
}

export interface SessionLimits {
  /** Everything from open to the end of the work; past it the caller gets key_not_answering. */
  deadlineMs: number;
  /** How long the command waiting for a touch may wait. */
  touchTimeoutMs: number;
  /** Aborted by KeyService.cancel(): the command waiting for a touch ends with 'cancelled'. */
  cancel: AbortSignal;
}

/** A close the OS never finishes must not hold the key's queue: we stop waiting after this. */
const CLOSE_WAIT_MS = 500;

/**
 * Opens the key, INITs a channel, reads getInfo (FIDO2 only), runs `work` and closes. The whole
 * run has a deadline, so an OS read that never settles ends the call with key_not_answering
 * instead of holding the key for good; the abandoned work is cut off by closing its connection.
 */
export async function runKeySession<T>(deps: SessionDeps, path: string, limits: SessionLimits, work: (session: KeySession) => Promise<T>): Promise<T> {
  const progress = progressReporter(path, deps.onProgress);
  const held: { connection?: HidConnection; over?: boolean } = {};
  const touch = (): TransactOptions => ({ timeoutMs: limits.touchTimeoutMs, signal: limits.cancel, onKeepalive: progress.keepalive });
  const steps = async (): Promise<T> => {
    const opened = await openConnection(deps.backend, path);
    if (held.over) {
      void closeWithin(opened, CLOSE_WAIT_MS);
      throw notAnswering();
    }
    held.connection = opened;
    const device = await CtapHidDevice.open(opened, deps.hid);
    const info = await readFido2Info(device);
    return work({ device, info, touch });
  };
  try {
    return await settleWithin(steps(), limits.deadlineMs, () => notAnswering({ deadlineMs: limits.deadlineMs }));
  } catch (error) {
    throw toKioskError(error, { touchAsked: progress.touchAsked() });
  } finally {
    held.over = true;
    progress.done();
    if (held.connection) await closeWithin(held.connection, CLOSE_WAIT_MS);
  }
}

async function openConnection(backend: HidBackend, path: string): Promise<HidConnection> {
  try {
    return await backend.open(path);
  } catch (error) {
    if (error instanceof HidAccessError) throw error;
    throw new KioskError('key_not_found', message('key.notConnected'), { path });
  }
}

async function closeWithin(connection: HidConnection, ms: number): Promise<void> {
  const closed = Promise.resolve().then(() => connection.close());
  await settleWithin(closed, ms, () => new Error('close did not settle')).catch(() => undefined);
}

/** Emits each stage change once, and 'done' at the end when any stage was reported. */
function progressReporter(path: string, onProgress: SessionDeps['onProgress']) {
  let last: KeyProgressStage | null = null;
  const emit = (stage: KeyProgressStage) => {
    if (stage === last) return;
    last = stage;
    onProgress?.({ path, stage });
  };
  return {
    keepalive: (status: KeepaliveEvent) => emit(status === 'upNeeded' ? 'touchNeeded' : 'processing'),
    touchAsked: () => last === 'touchNeeded',
    done: () => {
      if (last !== null) emit('done');
    },
  };
}
